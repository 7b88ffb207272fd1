/** A node address of a Redis Cluster or a sentinel. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Where Redis is: a redis:// URL (one server, as before), or a Cluster or Sentinel deployment.
 * The URL always gives user, password, database and TLS (rediss://); with `clusterNodes` or
 * `sentinels` its host and port are not used.
 */
export type RedisTarget = string | RedisTopology;

export interface RedisTopology {
  readonly url: string;
  /** Seed nodes of a Redis Cluster. */
  readonly clusterNodes?: readonly HostPort[];
  /** Sentinels that name the primary called `sentinelName`. */
  readonly sentinels?: readonly HostPort[];
  readonly sentinelName?: string;
}

/** The REDIS_* settings every process loads (REDIS_VARIABLES in @wildcat/config). */
export interface RedisSettings {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: readonly HostPort[];
  REDIS_SENTINELS?: readonly HostPort[];
  REDIS_SENTINEL_NAME?: string;
}

export type RedisMode = 'single' | 'cluster' | 'sentinel';

/** The target the settings describe; a plain URL string when neither Cluster nor Sentinel is set. */
export function redisTarget(settings: RedisSettings): RedisTarget {
  const clusterNodes = settings.REDIS_CLUSTER_NODES ?? [];
  const sentinels = settings.REDIS_SENTINELS ?? [];
  if (clusterNodes.length > 0 && sentinels.length > 0)
    throw new Error(
      'Set REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both (a Redis Cluster has no sentinels)',
    );
  if (clusterNodes.length > 0) return { url: settings.REDIS_URL, clusterNodes };
  if (sentinels.length > 0)
    return { url: settings.REDIS_URL, sentinels, sentinelName: settings.REDIS_SENTINEL_NAME ?? 'mymaster' };
  return settings.REDIS_URL;
}

export function redisMode(target: RedisTarget): RedisMode {
  if (typeof target === 'string') return 'single';
  if (target.clusterNodes && target.clusterNodes.length > 0) return 'cluster';
  if (target.sentinels && target.sentinels.length > 0) return 'sentinel';
  return 'single';
}

export function redisUrlOf(target: RedisTarget): string {
  return typeof target === 'string' ? target : target.url;
}

/** For logs: which Redis, without credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  const list = (nodes: readonly HostPort[]) => nodes.map(({ host, port }) => `${host}:${port}`).join(',');
  if (typeof target !== 'string' && target.clusterNodes?.length)
    return `cluster ${list(target.clusterNodes)}`;
  if (typeof target !== 'string' && target.sentinels?.length)
    return `sentinel ${target.sentinelName} via ${list(target.sentinels)}`;
  return new URL(redisUrlOf(target)).host;
}
