import type { ConnectionOptions } from 'bullmq';
import { type Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { GroupRefreshedCluster } from './cluster-slot-refresh.js';
import { type RedisTarget, type RedisTopology, redisMode, redisUrlOf } from './redis-target.js';

export type RedisRole = 'blocking' | 'request';

/** Options for one connection; `shardedSubscribers` matters on a Cluster only (SSUBSCRIBE per master). */
export type ConnectOverrides = RedisOptions & { shardedSubscribers?: boolean };

/** User, password, database and TLS from a redis:// or rediss:// URL. */
function credentials(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * `blocking` connections (workers) must retry forever; request paths (gateway) fail fast so the
 * API can answer 503 instead of hanging while Redis is away.
 */
function roleOptions(role: RedisRole): RedisOptions {
  return role === 'blocking'
    ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
}

const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2_000);

/**
 * ioredis options for one server (a redis:// URL) or a Sentinel-watched primary. BullMQ gets
 * options, not an instance, for those (it bundles the same ioredis): see `bullConnection`. A
 * Redis Cluster has no single-connection options: use `createRedis` or `bullConnection`.
 */
export function redisOptions(target: RedisTarget, role: RedisRole): RedisOptions {
  const mode = redisMode(target);
  if (mode === 'cluster')
    throw new Error('a Redis Cluster needs a Cluster client: use createRedis or bullConnection');
  const url = redisUrlOf(target);
  const base = { ...credentials(url), retryStrategy, ...roleOptions(role) };
  if (mode === 'sentinel') {
    const topology = target as RedisTopology;
    return {
      ...base,
      sentinels: topology.sentinels?.map(({ host, port }) => ({ host, port })),
      name: topology.sentinelName,
      role: 'master',
      sentinelRetryStrategy: retryStrategy,
      enableTLSForSentinelMode: base.tls !== undefined,
    };
  }
  const parsed = new URL(url);
  return { ...base, host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 6379 };
}

/** Options of a Redis Cluster client in the given role; node connections carry `node` on top. */
export function clusterOptions(
  topology: RedisTopology,
  role: RedisRole,
  node: RedisOptions = {},
): ClusterOptions {
  const { enableOfflineQueue, ...nodeRole } = roleOptions(role);
  const { db: _db, ...auth } = credentials(topology.url);
  return {
    redisOptions: { ...auth, ...nodeRole, ...node },
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy,
    // While a master fails over its slots answer "connection closed" or CLUSTERDOWN; a worker
    // rides that out (a 2-minute budget), a request gives up within about 2 s (the API says 503).
    maxRedirections: role === 'blocking' ? 600 : 10,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 200,
    slotsRefreshTimeout: 2_000,
    // No timer per client: the clients of a process share one (GroupRefreshedCluster).
    slotsRefreshInterval: 0,
    // TLS certificates of managed clusters name the address the node announces, not a resolved IP.
    dnsLookup: (address, callback) => callback(null, address),
  };
}

/**
 * A client for the target: a plain `Redis`, or a `Cluster` typed as `Redis` (the command API is
 * the same; code that must tell them apart asks `isCluster`). Not connected yet unless ioredis
 * connects it by itself (no `lazyConnect`).
 */
export function createRedis(target: RedisTarget, role: RedisRole, overrides: ConnectOverrides = {}): Redis {
  const { lazyConnect, shardedSubscribers, enableAutoPipelining, ...node } = overrides;
  if (redisMode(target) !== 'cluster')
    return new Redis({ ...redisOptions(target, role), ...node, lazyConnect, enableAutoPipelining });
  const topology = target as RedisTopology;
  // A Cluster pipelines per node itself: the option belongs to the Cluster, not its node clients.
  const cluster = new GroupRefreshedCluster(
    topology.clusterNodes!.map(({ host, port }) => ({ host, port })),
    { ...clusterOptions(topology, role, node), lazyConnect, shardedSubscribers, enableAutoPipelining },
  );
  return cluster as unknown as Redis;
}

/** A connected client; request-role clients refuse commands while offline, so wait for ready first. */
export async function connectRedis(
  target: RedisTarget,
  role: RedisRole,
  overrides: ConnectOverrides = {},
): Promise<Redis> {
  const client = createRedis(target, role, { ...overrides, lazyConnect: true });
  // Connection errors are retried by retryStrategy; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

export function isCluster(client: Redis | Cluster): client is Redis & { isCluster: true } {
  return (client as { isCluster?: boolean }).isCluster === true;
}

/** A new client like `client`, with `overrides` on its (node) connections. */
export function duplicateRedis(client: Redis, overrides: RedisOptions): Redis {
  if (!isCluster(client)) return client.duplicate(overrides);
  const cluster = client as unknown as Cluster;
  const { lazyConnect, ...node } = overrides;
  const options = cluster.options;
  return cluster.duplicate([], {
    ...options,
    lazyConnect,
    redisOptions: { ...options.redisOptions, ...node },
  }) as unknown as Redis;
}

const sharedBullClusters = new WeakMap<RedisTopology, Map<RedisRole, Redis>>();

/**
 * BullMQ's `connection` for the target. One server or Sentinel: options, so each Queue and Worker
 * opens (and closes) its own connection as before. A Cluster: one shared Cluster client per
 * process and role (BullMQ takes a Cluster only as an instance, and never closes a shared one,
 * so per-queue instances would leak); BullMQ still duplicates it for each worker's blocking
 * connection and closes that duplicate itself.
 */
export function bullConnection(target: RedisTarget, role: RedisRole): ConnectionOptions {
  if (redisMode(target) !== 'cluster') return redisOptions(target, role);
  const topology = target as RedisTopology;
  let byRole = sharedBullClusters.get(topology);
  if (!byRole) {
    byRole = new Map();
    sharedBullClusters.set(topology, byRole);
  }
  let client = byRole.get(role);
  if (!client) {
    client = createRedis(topology, role);
    client.on('error', () => {});
    byRole.set(role, client);
  }
  return client as unknown as ConnectionOptions;
}
