import { type PrivateRedis, startRedis } from '@wildcat/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, enterSendBacklog, leaveSendBacklog, SEND_BACKLOG_HORIZON_MS } from '../src/index.js';

let server: PrivateRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis(server.url, 'request');
});
afterAll(async () => {
  redis.disconnect();
  await server.destroy();
});

describe('per-account send backlog', () => {
  it('admits up to the limit, counts a retried message once, and frees a place when one finishes', async () => {
    for (let i = 0; i < 3; i++)
      expect(await enterSendBacklog(redis, 'flood', `m${i}`, 3)).toEqual({ admitted: true, size: i + 1 });
    expect(await enterSendBacklog(redis, 'flood', 'm3', 3)).toEqual({ admitted: false, size: 3 });
    // The same message again (a client retry with its Idempotency-Key) is not a new place.
    expect(await enterSendBacklog(redis, 'flood', 'm1', 3)).toEqual({ admitted: true, size: 3 });
    // Another account has its own backlog.
    expect(await enterSendBacklog(redis, 'quiet', 'q0', 3)).toEqual({ admitted: true, size: 1 });

    const pipeline = redis.pipeline();
    leaveSendBacklog(pipeline, 'flood', 'm0');
    await pipeline.exec();
    expect(await enterSendBacklog(redis, 'flood', 'm3', 3)).toEqual({ admitted: true, size: 3 });
  });

  it('stops counting entries older than the horizon, so a lost job cannot block its account', async () => {
    const then = Date.now() - SEND_BACKLOG_HORIZON_MS - 1_000;
    expect(await enterSendBacklog(redis, 'lost', 'old', 1, then)).toEqual({ admitted: true, size: 1 });
    expect(await enterSendBacklog(redis, 'lost', 'new', 1)).toEqual({ admitted: true, size: 1 });
  });
});
