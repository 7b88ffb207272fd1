import type { Writable } from 'node:stream';

export type AppKind = 'gateway' | 'session-worker' | 'webhook-worker';

/** How to run the whole system locally; the dev command, the demo and the e2e suite share it. */
export interface StackOptions {
  /** Repository root (where apps/ and packages/ are). */
  root: string;
  /** Folder for devdb data, Redis AOF and the API key; a fresh temporary folder when omitted. */
  dataDir?: string;
  /** Use this Redis (an error when it does not answer); otherwise a private redis-server is started. */
  redisUrl?: string;
  /**
   * A Redis Cluster or Sentinel deployment to use instead, as the REDIS_* variables the apps get
   * (REDIS_CLUSTER_NODES, or REDIS_SENTINELS and REDIS_SENTINEL_NAME; REDIS_URL for credentials).
   * Its first node or sentinel must answer.
   */
  redisEnv?: Record<string, string>;
  /** Use this MongoDB; otherwise devdb is started with its data in `dataDir`. */
  mongodbUrl?: string;
  /**
   * Admin API key; read or created in `dataDir` when omitted. `null` runs keyless (every route
   * open, the gateway on loopback only), for clients of the original server, which had no keys.
   */
  apiKey?: string | null;
  engine: 'baileys' | 'sandbox';
  gateways: number;
  sessionWorkers: number;
  webhookWorkers: number;
  /** First gateway port; later gateways take the next ones (0 = free ports). */
  gatewayPort?: number;
  /** Extra Node flags for app processes by kind, e.g. `{ gateway: ['--cpu-prof'] }` to profile one. */
  nodeArgs?: Partial<Record<AppKind, string[]>>;
  /**
   * Arguments after each app's entry script by kind: test wiring that a preload (`nodeArgs`)
   * reads from argv, e.g. the local WhatsApp test peer's root key, never product configuration.
   */
  appArgs?: Partial<Record<AppKind, string[]>>;
  /** Extra environment for every app process (e.g. short lease TTLs in tests). */
  env?: Record<string, string>;
  /** Where prefixed logs go (default stdout); null keeps them in memory only. */
  output?: Writable | null;
  /** How long each app process may take to answer its health check (default 60 s). */
  healthTimeoutMs?: number;
  /** Print progress lines while starting (default true). */
  progress?: (line: string) => void;
}
