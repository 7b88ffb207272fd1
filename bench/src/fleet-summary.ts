import { readStatusBriefs, readStatuses, statusKey } from '@wildcat/redis-bus';
import { benchAccountDoc, SEED_CHUNK, withAccountsBench } from './lib/seed-accounts.js';
import { ratio, summarize } from './lib/stats.js';

/** A realistic mix of live statuses; needs_qr accounts carry a QR string of WhatsApp's length. */
function statusOf(index: number): Record<string, string> | undefined {
  const slot = index % 20;
  const base = { lastUpdate: String(Date.now() - (index % 600) * 1_000), owner: 'w1', epoch: '1' };
  if (slot < 12)
    return { ...base, status: 'connected', jid: `1555${String(index).padStart(7, '0')}@s.whatsapp.net` };
  if (slot < 14) return { ...base, status: 'connecting', qr: `2@${'x'.repeat(236)}` };
  if (slot < 15) return { ...base, status: 'connecting' };
  if (slot < 16) return { ...base, status: 'reconnecting' };
  if (slot < 18) return { ...base, status: 'logged_out', reason: 'logged out from the phone' };
  return undefined;
}

/**
 * Issue 21's fleet summary at 10,000 accounts: `GET /fleet/summary` when its 2 s cache has
 * expired and when it has not, against `GET /ping` on the same gateway in the same run, plus its
 * parts (every account id from MongoDB; every live status from Redis, the whole hash as before
 * against the brief read now). `tsx src/fleet-summary.ts [accounts] [rounds]`
 */
export async function fleetSummary(accounts = 10_000, rounds = 60) {
  return withAccountsBench(async ({ bench, collection, store }) => {
    // Raw status hashes of this mix (not writeStatus): the whole-hash reads measure their size.
    for (let start = 0; start < accounts; start += SEED_CHUNK) {
      const docs = [];
      const pipeline = bench.redis.pipeline();
      for (let index = start; index < Math.min(accounts, start + SEED_CHUNK); index++) {
        const doc = benchAccountDoc(index, 'connected');
        docs.push(doc);
        const status = statusOf(index);
        if (status) pipeline.hset(statusKey(doc._id), status);
      }
      await collection.insertMany(docs as never[]);
      await pipeline.exec();
    }
    const ping: number[] = [];
    const recompute: number[] = [];
    const cached: number[] = [];
    const ids: number[] = [];
    const statuses: number[] = [];
    const briefs: number[] = [];
    const time = async (into: number[], run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      into.push(performance.now() - started);
    };
    const get = async (path: string) => {
      const response = await fetch(`${bench.api}${path}`, { headers: bench.headers });
      const body = (await response.json()) as { ok?: boolean; accounts?: { total: number } };
      if (!body.ok) throw new Error(`GET ${path} answered ${response.status}`);
      return body;
    };
    const summary = async () => {
      const body = await get('/fleet/summary');
      if (body.accounts?.total !== accounts) throw new Error(`total ${body.accounts?.total}`);
    };
    let allIds: string[] = [];
    let lastSummary = 0;
    for (let round = -3; round < rounds; round++) {
      const samples =
        round < 0
          ? ([[], [], [], [], [], []] as number[][])
          : [ping, recompute, cached, ids, statuses, briefs];
      await time(samples[0] as number[], () => get('/ping'));
      // Past the gateway's 2 s cache: this call reads the whole fleet again.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastSummary + 2_100 - Date.now())));
      await time(samples[1] as number[], summary);
      // A second console polling within the 2 s: served from the gateway's cache.
      await time(samples[2] as number[], summary);
      lastSummary = Date.now();
      await time(samples[3] as number[], async () => {
        allIds = await store.accountSearch.allIds();
      });
      // Before and after, interleaved on the same ids: the whole status hash against its brief.
      await time(samples[4] as number[], () => readStatuses(bench.redis, allIds));
      await time(samples[5] as number[], () => readStatusBriefs(bench.redis, allIds));
    }
    const baseline = summarize(ping);
    const rows = [
      ['GET /ping round trip (baseline)', baseline],
      ['GET /fleet/summary, cache expired: reads every account', summarize(recompute)],
      ['GET /fleet/summary within 2 s of another call: cached', summarize(cached)],
      ['part: every account id from MongoDB (store.accountSearch.allIds)', summarize(ids)],
      ['part: every live status, whole hashes (readStatuses, before)', summarize(statuses)],
      [
        'part: every live status brief, a script reading 1,000 hashes per call (readStatusBriefs, after)',
        summarize(briefs),
      ],
    ] as const;
    return {
      accounts,
      rounds,
      rows: rows.map(([what, s]) => ({
        what,
        ...s,
        p50VsBaseline: ratio(s.p50, baseline.p50),
        p99VsBaseline: ratio(s.p99, baseline.p99),
      })),
    };
  });
}

if (process.argv[1]?.endsWith('fleet-summary.ts')) {
  const result = await fleetSummary(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 60));
  console.log(
    '\n| Measured | p50 ms | p99 ms | max ms | p50 vs baseline | p99 vs baseline |\n| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const row of result.rows)
    console.log(
      `| ${row.what} | ${row.p50} | ${row.p99} | ${row.max} | ${row.p50VsBaseline}× | ${row.p99VsBaseline}× |`,
    );
}
