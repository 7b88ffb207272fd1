import { type PrivateRedis, startRedis } from '@wildcat/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trimHandled } from '../src/inbox-trim.js';
import { client } from './helpers.js';

let server: PrivateRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = client(server.url);
});

afterAll(async () => {
  redis.disconnect();
  await server.destroy();
});

describe('inbox trim', () => {
  it('drops the handled frames once: a repeat (a command resent after a Redis restart) keeps the unhandled ones', async () => {
    const key = 'test:inbox:repeat';
    await redis.rpush(key, 'm1', 'm2', 'm3', 'm4');
    expect(await trimHandled(redis, key, ['m1', 'm2'], 10)).toEqual(['m3', 'm4']);
    // The same call again, as ioredis resends an unanswered command after reconnecting.
    expect(await trimHandled(redis, key, ['m1', 'm2'], 10)).toEqual(['m3', 'm4']);
    expect(await redis.lrange(key, 0, -1)).toEqual(['m3', 'm4']);
  });

  it('reads the next batch after trimming, and frames pushed meanwhile stay', async () => {
    const key = 'test:inbox:next';
    await redis.rpush(key, 'a', 'b', 'c');
    const batch = await redis.lrange(key, 0, 1);
    await redis.rpush(key, 'd');
    expect(await trimHandled(redis, key, batch, 2)).toEqual(['c', 'd']);
    expect(await trimHandled(redis, key, ['c'], 0)).toEqual([]);
    expect(await redis.lrange(key, 0, -1)).toEqual(['d']);
  });

  it('works without the script cached (after a restart the first call sends the body)', async () => {
    await redis.script('FLUSH');
    const key = 'test:inbox:flushed';
    await redis.rpush(key, 'x', 'y');
    expect(await trimHandled(redis, key, ['x'], 5)).toEqual(['y']);
  });
});
