import { type RunningStack, type StackOptions, startStack } from '@wildcat/dev-stack';
import { type PrivateRedis, startRedis } from '@wildcat/testkit';
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
  redisServer: PrivateRedis;
  /** A plain connection to the stack's private Redis (INFO, sandbox helpers, status reads). */
  redis: Redis;
  api: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The real processes on the sandbox engine, on a private Redis without AOF (the dev stack's own
 * Redis fsyncs every write, which would measure the disk, not us).
 */
export async function startBenchStack(
  shape: { gateways: number; sessionWorkers: number; webhookWorkers: number },
  env: Record<string, string> = {},
  nodeArgs: StackOptions['nodeArgs'] = {},
): Promise<BenchStack> {
  const redisServer = await startRedis();
  const stack = await startStack({
    root: repoRoot,
    engine: 'sandbox',
    redisUrl: redisServer.url,
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
  const redis = new Redis(redisServer.url);
  return {
    stack,
    redisServer,
    redis,
    api: stack.gateways[0]?.url ?? '',
    headers: { 'x-api-key': stack.apiKey, 'content-type': 'application/json' },
    async stop() {
      redis.disconnect();
      await stack.stop();
      await redisServer.destroy();
    },
  };
}
