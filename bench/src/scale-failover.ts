import { shardOf } from '@wildcat/jobs';
import { readStatuses } from '@wildcat/redis-bus';
import { seedPairedAccounts, untilConnected } from './lib/seed.js';
import { startBenchStack } from './lib/stack.js';
import { round, summarize } from './lib/stats.js';

export interface ScaleFailover {
  accounts: number;
  workers: number;
  seedMs: number;
  /** From starting the workers to every account connected. */
  coldStartConnectedMs: number;
  /** Accounts per worker (owner field of the statuses) once connected. */
  perWorker: Record<string, number>;
  killed: { worker: string; accounts: number };
  /** Per account of the killed worker: kill -9 until connected on another worker (ms). */
  failover: { p50: number; p99: number; max: number; count: number };
  leaseTtlMs: number;
  goalMet: boolean;
}

const SHARDS = 32;

async function ownersOf(redis: Parameters<typeof readStatuses>[0], ids: readonly string[]) {
  const owners = new Map<string, { owner?: string; status: string; lastUpdate: number }>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const [id, record] of await readStatuses(redis, ids.slice(i, i + 1000))) owners.set(id, record);
  }
  return owners;
}

/**
 * Item 6: `accounts` paired sandbox accounts seeded into devdb; 4 session workers start cold and
 * balance the 32 shards; then one worker is killed with SIGKILL and each of its accounts is timed
 * until it reads connected under another owner (the lease TTL bounds how soon anyone may take over).
 */
export async function scaleFailover(quick: boolean, accounts: number): Promise<ScaleFailover> {
  const leaseTtlMs = 10_000;
  const bench = await startBenchStack(
    { gateways: 0, sessionWorkers: 0, webhookWorkers: 0 },
    { SHARDS: String(SHARDS), LEASE_TTL_MS: String(leaseTtlMs) },
  );
  try {
    const ids = Array.from({ length: accounts }, (_, i) => `scale${i}`);
    let started = Date.now();
    await seedPairedAccounts(bench.stack.mongo.url, bench.redis, ids);
    const seedMs = Date.now() - started;
    started = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => bench.stack.addSessionWorker()));
    await untilConnected(bench.redis, ids, quick ? 120_000 : 300_000);
    const coldStartConnectedMs = Date.now() - started;
    // balanced: every shard's accounts under one owner, shards spread ceil/floor(32/4)
    const owners = await ownersOf(bench.redis, ids);
    const perWorker: Record<string, number> = {};
    for (const record of owners.values())
      perWorker[record.owner ?? '?'] = (perWorker[record.owner ?? '?'] ?? 0) + 1;
    const victim = bench.stack.sessionWorkers[0];
    if (!victim) throw new Error('no session worker');
    const victimName = victim.process.name;
    const victimIds = ids.filter((id) => owners.get(id)?.owner === victimName);
    const shards = new Set(victimIds.map((id) => shardOf(id, SHARDS)));
    const killedAt = Date.now();
    await victim.process.kill();
    const back = new Map<string, number>();
    while (back.size < victimIds.length && Date.now() - killedAt < 120_000) {
      const now = await ownersOf(
        bench.redis,
        victimIds.filter((id) => !back.has(id)),
      );
      for (const [id, record] of now)
        if (record.status === 'connected' && record.owner !== victimName && record.lastUpdate >= killedAt)
          back.set(id, record.lastUpdate - killedAt);
      await new Promise((done) => setTimeout(done, 100));
    }
    const summary = summarize([...back.values()]);
    return {
      accounts,
      workers: 4,
      seedMs,
      coldStartConnectedMs,
      perWorker,
      killed: { worker: `${victimName} (${shards.size} shards)`, accounts: victimIds.length },
      failover: {
        p50: round(summary.p50, 0),
        p99: round(summary.p99, 0),
        max: round(summary.max, 0),
        count: back.size,
      },
      leaseTtlMs,
      goalMet: back.size === victimIds.length && summary.p99 <= 10_000,
    };
  } finally {
    await bench.stop();
  }
}
