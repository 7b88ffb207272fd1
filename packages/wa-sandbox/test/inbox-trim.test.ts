import { describe, expect, it } from 'vitest';
import { trimHandled } from '../src/inbox-trim.js';
import { useSandbox } from './helpers.js';

const sandbox = useSandbox();

describe('inbox trim', () => {
  it('drops the handled frames once: a repeat (a command resent after a Redis restart) keeps the unhandled ones', async () => {
    const key = 'test:inbox:repeat';
    await sandbox.redis.rpush(key, 'm1', 'm2', 'm3', 'm4');
    expect(await trimHandled(sandbox.redis, key, ['m1', 'm2'], 10)).toEqual(['m3', 'm4']);
    // The same call again, as ioredis resends an unanswered command after reconnecting.
    expect(await trimHandled(sandbox.redis, key, ['m1', 'm2'], 10)).toEqual(['m3', 'm4']);
    expect(await sandbox.redis.lrange(key, 0, -1)).toEqual(['m3', 'm4']);
  });

  it('reads the next batch after trimming, and frames pushed meanwhile stay', async () => {
    const key = 'test:inbox:next';
    await sandbox.redis.rpush(key, 'a', 'b', 'c');
    const batch = await sandbox.redis.lrange(key, 0, 1);
    await sandbox.redis.rpush(key, 'd');
    expect(await trimHandled(sandbox.redis, key, batch, 2)).toEqual(['c', 'd']);
    expect(await trimHandled(sandbox.redis, key, ['c'], 0)).toEqual([]);
    expect(await sandbox.redis.lrange(key, 0, -1)).toEqual(['d']);
  });

  it('works without the script cached (after a restart the first call sends the body)', async () => {
    await sandbox.redis.script('FLUSH');
    const key = 'test:inbox:flushed';
    await sandbox.redis.rpush(key, 'x', 'y');
    expect(await trimHandled(sandbox.redis, key, ['x'], 5)).toEqual(['y']);
  });
});
