/** Options for {@link startDevdb} and {@link DevdbServer}. */
export interface DevdbOptions {
  /** TCP port to listen on. Default 0: the OS picks a free port (read it from `port`/`url`). */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`: a dev server should not be reachable from the network. */
  host?: string;
  /**
   * Directory for persistence. When set, collections and their indexes are loaded from it at start
   * and written back (coalesced, atomically) after changes and on close. Default: memory only.
   */
  dataDir?: string;
  /** Suppress diagnostic output (dropped malformed connections, persistence failures). Default false. */
  quiet?: boolean;
  /** Idle time after which a server-side cursor is discarded, in ms. Default 10 minutes, as mongod. */
  cursorTimeoutMs?: number;
  /** Longest time a change waits before it is written to `dataDir`, in ms. Default 200. */
  flushDelayMs?: number;
  /** How often TTL indexes are enforced, in ms. Default 60 000, as mongod's TTL monitor. */
  ttlIntervalMs?: number;
}
