import { setTimeout as sleep } from 'node:timers/promises';
import { connectRedis } from '@wildcat/redis-bus';
import { type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbsenceTracker } from '../src/leases/absence-tracker.js';
import { leaseClientName, presentLeaseTokens } from '../src/leases/lease-connection.js';
import { ShardOwnership } from '../src/leases/shard-ownership.js';

const TTL_MS = 6_000;
const GRACE_MS = 1_000;
let server: PrivateRedis;
let redis: Redis;
const running: ShardOwnership[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis(server.url, 'blocking');
});

afterEach(async () => {
  await redis.config('SET', 'maxclients', '10000');
  for (const owner of running.splice(0)) owner.abandon();
  await redis.flushall();
});

afterAll(async () => {
  redis.disconnect();
  await server.destroy();
});

function ownership(workerId: string, log: string[]): ShardOwnership {
  const owner = new ShardOwnership({
    redis,
    workerId,
    shards: 8,
    ttlMs: TTL_MS,
    takeoverGraceMs: GRACE_MS,
    watchIntervalMs: 100,
    logger: pino({ level: 'silent' }),
    onAcquire: async (shard, epoch) => void log.push(`acquire ${shard} ${epoch} ${Date.now()}`),
    onRelease: async (shard) => void log.push(`release ${shard}`),
    onLost: (shard) => void log.push(`lost ${shard} ${Date.now()}`),
  });
  running.push(owner);
  return owner;
}

async function balancedPair(logA: string[], logB: string[]) {
  const a = ownership('tk-a', logA);
  await a.start();
  const b = ownership('tk-b', logB);
  await b.start();
  await waitFor(() => a.owned().length === 4 && b.owned().length === 4, { what: '4 + 4' });
  return { a, b };
}

async function killLeaseConnection(token: string): Promise<void> {
  const list = String(await redis.client('LIST'));
  const line = list.split('\n').find((entry) => entry.includes(` name=${leaseClientName(token)} `));
  const id = / id=(\d+)/.exec(` ${line}`)?.[1];
  if (!id) throw new Error('lease connection not found');
  await redis.client('KILL', 'ID', id);
}

describe('absence tracker', () => {
  it('declares a holder dead only after seeing it, then missing it for the whole grace period', () => {
    const tracker = new AbsenceTracker(1_000);
    expect(tracker.observe(['x', 'y'], new Set(['x']), 0).dead).toEqual([]);
    // y was never seen: no evidence that it died rather than never reached this Redis.
    expect(tracker.observe(['x', 'y'], new Set(), 500)).toEqual({ dead: [], missing: ['x'] });
    expect(tracker.observe(['x', 'y'], new Set(), 1_400).dead).toEqual([]);
    expect(tracker.observe(['x', 'y'], new Set(), 1_500).dead).toEqual(['x']);
    // Back before anyone acted: the clock starts over.
    expect(tracker.observe(['x'], new Set(['x']), 1_600).dead).toEqual([]);
    expect(tracker.observe(['x'], new Set(), 2_000).dead).toEqual([]);
    tracker.reset();
    expect(tracker.observe(['x'], new Set(), 9_000).dead).toEqual([]);
    // z held nothing yet while its connection was seen: it counts once it holds a lease.
    const late = new AbsenceTracker(1_000);
    expect(late.observe([], new Set(['z']), 0).dead).toEqual([]);
    expect(late.observe(['z'], new Set(), 100).dead).toEqual([]);
    expect(late.observe(['z'], new Set(), 1_100).dead).toEqual(['z']);
  });

  it('reads lease tokens out of CLIENT LIST', () => {
    const list =
      'id=3 addr=x name=wc-lease-abc age=1 cmd=client\nid=4 addr=y name= age=2\nid=5 name=other age=1\n';
    expect([...presentLeaseTokens(list)]).toEqual(['abc']);
  });
});

describe('takeover of a dead holder', () => {
  it('moves the shards of a holder whose connection vanished well before its lease expires, with new epochs', async () => {
    const logA: string[] = [];
    const { a, b } = await balancedPair(logA, []);
    const epochs = new Map(b.owned().map((shard) => [shard, b.epochOf(shard)!]));
    const died = Date.now();
    b.abandon();
    await waitFor(() => a.owned().length === 8, { timeoutMs: TTL_MS, what: 'a owns all 8' });
    expect(Date.now() - died).toBeLessThan(GRACE_MS + 1_500);
    for (const [shard, epoch] of epochs) expect(a.epochOf(shard)).toBeGreaterThan(epoch);
  });

  it('rides out a reconnect blip of the holder (CLIENT KILL): nothing moves', async () => {
    const logA: string[] = [];
    const logB: string[] = [];
    const { a, b } = await balancedPair(logA, logB);
    await killLeaseConnection(b.token);
    await sleep(GRACE_MS * 3);
    expect(a.owned()).toHaveLength(4);
    expect(b.owned()).toHaveLength(4);
    expect([...logA, ...logB].filter((entry) => entry.startsWith('lost'))).toEqual([]);
  });

  it('a live holder cut off from Redis drops its shards before a peer may take them', async () => {
    const logA: string[] = [];
    const logB: string[] = [];
    const { a, b } = await balancedPair(logA, logB);
    const moved = b.owned();
    // Redis refuses b's reconnects while a stays connected: to a, b looks dead.
    await redis.config('SET', 'maxclients', '1');
    await killLeaseConnection(b.token);
    await waitFor(() => a.owned().length === 8, { timeoutMs: TTL_MS, what: 'a owns all 8' });
    for (const shard of moved) {
      const lost = logB.find((entry) => entry.startsWith(`lost ${shard} `));
      const acquired = logA.findLast((entry) => entry.startsWith(`acquire ${shard} `));
      expect(lost, `b dropped shard ${shard}`).toBeDefined();
      expect(Number(lost!.split(' ')[2])).toBeLessThan(Number(acquired!.split(' ')[3]));
    }
    await redis.config('SET', 'maxclients', '10000');
    // Back online, b rejoins and takes its share again through the normal path.
    await waitFor(() => a.owned().length === 4 && b.owned().length === 4, {
      timeoutMs: TTL_MS,
      what: '4 + 4',
    });
  });
});
