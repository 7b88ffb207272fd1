import { connectRedis } from '@wildcat/redis-bus';
import { type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease, leaseKey, releaseLease, renewLeases } from '../src/leases/lease-store.js';
import { ShardOwnership } from '../src/leases/shard-ownership.js';

let server: PrivateRedis;
let redis: Redis;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis(server.url, 'blocking');
});

afterAll(async () => {
  redis.disconnect();
  await server.destroy();
});

function ownership(workerId: string, shards: number, log: string[], client = redis) {
  return new ShardOwnership({
    redis: client,
    workerId,
    shards,
    ttlMs: 1_000,
    logger,
    onAcquire: async (shard, epoch) => void log.push(`acquire ${shard} ${epoch}`),
    onRelease: async (shard) => void log.push(`release ${shard}`),
    onLost: (shard) => void log.push(`lost ${shard}`),
  });
}

describe('shard lease', () => {
  it('is exclusive, renewed and released only by its token, and bumps the epoch per acquisition', async () => {
    expect(await acquireLease(redis, 100, 'a', 5_000)).toBe(1);
    expect(await acquireLease(redis, 100, 'b', 5_000)).toBeUndefined();
    expect(await renewLeases(redis, [100], 'b', 5_000)).toEqual([100]);
    expect(await renewLeases(redis, [100], 'a', 5_000)).toEqual([]);
    expect(await releaseLease(redis, 100, 'b')).toBe(false);
    expect(await releaseLease(redis, 100, 'a')).toBe(true);
    expect(await acquireLease(redis, 100, 'b', 200)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Expired: the next owner gets a higher epoch, the old token cannot renew.
    expect(await acquireLease(redis, 100, 'c', 5_000)).toBe(3);
    expect(await renewLeases(redis, [100], 'b', 5_000)).toEqual([100]);
  });

  it('balances shards between workers and hands them back on a graceful stop', async () => {
    const logA: string[] = [];
    const logB: string[] = [];
    const a = ownership('bal-a', 8, logA);
    await a.start();
    expect(a.owned()).toHaveLength(8);
    const b = ownership('bal-b', 8, logB);
    await b.start();
    await waitFor(() => a.owned().length === 4 && b.owned().length === 4, { what: '4 + 4' });
    expect(logA.filter((entry) => entry.startsWith('release'))).toHaveLength(4);
    await b.stop();
    await waitFor(() => a.owned().length === 8, { what: 'a owns all again' });
    expect(logA.filter((entry) => entry.startsWith('lost'))).toEqual([]);
    await a.stop();
    expect(await redis.exists(leaseKey(0))).toBe(0);
  });

  // Seen in the e2e Redis outage: a round acquired a shard, then waited out the outage on its next
  // acquisitions; the first lease expired meanwhile (nothing was running for it yet, so nothing
  // closed), and when the round went on it started that shard anyway, at the stale epoch, beside
  // the runtime of its next acquisition: two sessions of one account, and the stale one stopped it.
  it('starts only shards still held at the epoch acquired, when leases expire mid-round', async () => {
    const client = await connectRedis(server.url, 'blocking');
    const blocker = await connectRedis(server.url, 'blocking');
    const started: string[] = [];
    const stale: string[] = [];
    const lost: number[] = [];
    const a: ShardOwnership = new ShardOwnership({
      redis: client,
      workerId: 'mid-round',
      shards: 256,
      ttlMs: 1_000,
      logger,
      onAcquire: async (shard, epoch) => {
        started.push(`${shard}@${epoch}`);
        if (a.epochOf(shard) !== epoch) stale.push(`${shard}@${epoch}`);
      },
      onRelease: async () => {},
      onLost: (shard) => void lost.push(shard),
    });
    // Every shard held by someone else at first: the worker starts (and its lease clocks run)
    // holding none; then all are freed at once and its next round acquires them one by one.
    for (let shard = 0; shard < 256; shard++)
      await blocker.set(leaseKey(shard), 'someone-else', 'PX', 60_000);
    await a.start();
    expect(a.owned()).toEqual([]);
    await blocker.del(...Array.from({ length: 256 }, (_, shard) => leaseKey(shard)));
    // Once the round holds its first shard, Redis stalls for longer than the TTL (a busy script:
    // every client waits, as when Redis is away), so the leases acquired so far expire mid-round.
    await waitFor(async () => (await blocker.exists(leaseKey(0))) === 1, { intervalMs: 1, what: 'shard 0' });
    await blocker.eval(
      "local s = redis.call('TIME') repeat local t = redis.call('TIME') until (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > 2500000 return 1",
      0,
    );
    await waitFor(() => started.length > 0 && a.owned().length === 256, {
      what: 'the round done',
      timeoutMs: 10_000,
    });
    expect(lost.length, 'leases lost mid-round').toBeGreaterThan(0);
    expect(started.length).toBeGreaterThan(0);
    expect(stale, 'shards started without their lease').toEqual([]);
    a.abandon();
    await blocker.del(...Array.from({ length: 256 }, (_, shard) => leaseKey(shard)));
    // Its registry entry lapses with the TTL: the next test's worker must see itself alone.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    blocker.disconnect();
    client.disconnect();
  });

  it('closes a shard at once when its renewal is refused, and all of them when Redis is away', async () => {
    const log: string[] = [];
    const client = await connectRedis(server.url, 'blocking');
    const a = ownership('lost-a', 4, log, client);
    await a.start();
    expect(a.owned()).toEqual([0, 1, 2, 3]);
    await redis.set(leaseKey(2), 'someone-else');
    await waitFor(() => log.includes('lost 2'), { timeoutMs: 1_000, what: 'lost 2' });
    expect(a.owned()).not.toContain(2);
    await redis.del(leaseKey(2));
    await waitFor(() => a.owned().length === 4, { what: 'shard 2 back' });
    const before = Date.now();
    await server.stop();
    await waitFor(() => a.owned().length === 0, { timeoutMs: 3_000, what: 'all lost' });
    // Given up before the TTL ran out, so a new owner never overlaps with us.
    expect(Date.now() - before).toBeLessThan(1_000);
    a.abandon();
    client.disconnect();
    await server.start();
    redis.disconnect();
    redis = await connectRedis(server.url, 'blocking');
  });
});
