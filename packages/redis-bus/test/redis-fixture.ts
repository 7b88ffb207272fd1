import { lateBound, startRedis } from '@wildcat/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis } from '../src/index.js';

export interface RedisUnderTest {
  /** A request connection to the file's own redis-server. */
  readonly redis: Redis;
  readonly url: string;
}

/**
 * Starts a private redis-server for the test file (before its tests, destroyed after) with one
 * request connection to it, so each test file needs one line of setup.
 */
export function useRedis(): RedisUnderTest {
  let started: { redis: Redis; url: string; destroy: () => Promise<void> } | undefined;
  beforeAll(async () => {
    const server = await startRedis();
    started = { redis: await connectRedis(server.url, 'request'), url: server.url, destroy: server.destroy };
  });
  afterAll(async () => {
    started?.redis.disconnect();
    await started?.destroy();
  });
  return lateBound(() => started);
}
