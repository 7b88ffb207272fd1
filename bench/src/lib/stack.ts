import { type RunningStack, type StackOptions, startStack } from '@wildcat/dev-stack';
import { connectRedis } from '@wildcat/redis-bus';
import { type PrivateRedis, type PrivateRedisCluster, startRedis } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { repoRoot } from './child.js';

/**
 * For loads that send to one account with no worker draining its queue. Without it the per-key
 * rate limit (6,000 requests a minute) and the per-account backlog limit (1,000 unfinished sends)
 * answer 429 within a second. The backlog limit is raised, not switched off, so its admission
 * script still runs on every send, as in production.
 */
export const UNDRAINED_SENDS_ENV = { RATE_LIMIT_MAX: '0', SEND_ACCOUNT_MAX_BACKLOG: '1000000000' };

export interface BenchStack {
  stack: RunningStack;
  /** The Redis server (the first node of a Cluster). */
  redisServer: PrivateRedis;
  /** Every master the stack's keys live on: the one server, or the Cluster's masters. */
  masters: readonly PrivateRedis[];
  /** A connection to the stack's Redis (INFO, sandbox helpers, status reads); a Cluster client on a Cluster. */
  redis: Redis;
  api: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/** Where a bench stack keeps its data: a private redis-server (default), or a Cluster the caller started and stops. */
export type BenchRedis = { cluster: PrivateRedisCluster; masters: readonly PrivateRedis[] };

/**
 * The real processes on the sandbox engine, on a private Redis without AOF (the dev stack's own
 * Redis fsyncs every write, which would measure the disk, not us), or on `on` (a Cluster).
 */
export async function startBenchStack(
  shape: { gateways: number; sessionWorkers: number; webhookWorkers: number },
  env: Record<string, string> = {},
  nodeArgs: StackOptions['nodeArgs'] = {},
  on?: BenchRedis,
): Promise<BenchStack> {
  const redisServer = on ? (on.masters[0] as PrivateRedis) : await startRedis();
  const stack = await startStack({
    root: repoRoot,
    engine: 'sandbox',
    ...(on ? { redisEnv: on.cluster.env } : { redisUrl: redisServer.url }),
    ...shape,
    output: null,
    nodeArgs,
    healthTimeoutMs: 120_000,
    progress: () => undefined,
    env: {
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      SEND_RATE_PER_MINUTE: '1000000',
      ...env,
    },
  });
  const redis = on
    ? await connectRedis(
        {
          url: on.cluster.env.REDIS_URL,
          clusterNodes: on.masters.map((node) => ({ host: '127.0.0.1', port: node.port })),
        },
        'request',
      )
    : new Redis(redisServer.url);
  return {
    stack,
    redisServer,
    masters: on ? on.masters : [redisServer],
    redis,
    api: stack.gateways[0]?.url ?? '',
    headers: { 'x-api-key': stack.apiKey, 'content-type': 'application/json' },
    async stop() {
      redis.disconnect();
      await stack.stop();
      if (!on) await redisServer.destroy();
    },
  };
}
