import { duplicateRedis } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';

/** Prefix of the client name a worker's lease connection carries in CLIENT LIST. */
export const LEASE_CLIENT_PREFIX = 'wc-lease-';

export function leaseClientName(token: string): string {
  return `${LEASE_CLIENT_PREFIX}${token}`;
}

/**
 * The worker's own Redis connection for leases, heartbeats and the holder watch, named after its
 * lease token. ioredis sends CLIENT SETNAME on every (re)connect, so the name is in CLIENT LIST
 * exactly while this process has a live TCP connection to Redis: the kernel closes it the moment
 * the process dies (kill -9, OOM), which is what lets peers take over before the lease expires.
 * A dedicated connection also keeps renewals from queueing behind a burst of status writes.
 */
export function openLeaseConnection(base: Redis, token: string): Redis {
  // On a Cluster every node connection carries the name, so the watch finds it on each master.
  const client = duplicateRedis(base, {
    connectionName: leaseClientName(token),
    lazyConnect: true,
    // Reconnect quickly and steadily: every moment without this connection counts towards a
    // peer's takeover grace period (and towards our own fence, see ShardOwnership).
    retryStrategy: () => 100,
  });
  // Connection errors are retried; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  return client;
}

/** Tokens of the lease connections present in a CLIENT LIST reply. */
export function presentLeaseTokens(clientList: string): Set<string> {
  const tokens = new Set<string>();
  for (const line of clientList.split('\n')) {
    const match = / name=(\S*)/.exec(line);
    const name = match?.[1];
    if (name?.startsWith(LEASE_CLIENT_PREFIX)) tokens.add(name.slice(LEASE_CLIENT_PREFIX.length));
  }
  return tokens;
}
