import { fleetStatusOf, readStatuses } from '@wildcat/redis-bus';
import { seedAccounts, withAccountsBench } from './lib/seed-accounts.js';
import { ratio, summarize } from './lib/stats.js';

const PAGE = 50;

/**
 * Issue 21's accounts-table query at 10,000 accounts: the console's page (sorted by name, with
 * the total for the pager, with a prefix search, and filtered by live status) against a plain
 * indexed `find` of one page on the same collection, interleaved in the same run. The status
 * filter is measured both ways: on the bucket the workers mirror into the store (an index), and
 * as it was before the mirror (every matching id, all their statuses from Redis, filter, then the
 * page's documents). Plus the whole `GET /fleet/accounts` round trip through a gateway process,
 * without and with the filter. `tsx src/accounts-table.ts [accounts] [rounds]`
 */
export async function accountsTable(accounts = 10_000, rounds = 300) {
  return withAccountsBench(async ({ bench, collection, store }) => {
    const t0 = Date.now();
    const counts = await seedAccounts(collection, bench.redis, accounts);
    const seedSeconds = (Date.now() - t0) / 1000;
    const connected = counts.connected ?? 0;
    const rows = {
      plain: [] as number[],
      table: [] as number[],
      search: [] as number[],
      status: [] as number[],
      statusBefore: [] as number[],
      http: [] as number[],
      httpStatus: [] as number[],
    };
    type Row = keyof typeof rows;
    const time = async (into: number[] | undefined, run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      into?.push(performance.now() - started);
    };
    const fleetPage = async (query: string, total: number) => {
      const response = await fetch(`${bench.api}/fleet/accounts?${query}`, { headers: bench.headers });
      const body = (await response.json()) as { total?: number };
      if (body.total !== total) throw new Error(`GET /fleet/accounts?${query} answered total ${body.total}`);
    };
    for (let round = -20; round < rounds; round++) {
      const skip = ((round + 20) * 97) % (accounts - PAGE);
      const statusSkip = ((round + 20) * 31) % Math.max(1, connected - PAGE);
      const prefix = `Shop ${(round + 20) % 100}`;
      const into = (row: Row) => (round < 0 ? undefined : rows[row]);
      await time(into('plain'), () =>
        collection.find({}).sort({ createdAt: 1, _id: 1 }).skip(skip).limit(PAGE).toArray(),
      );
      await time(into('table'), () => store.accountSearch.page({ sort: 'name' }, { limit: PAGE, skip }));
      await time(into('search'), () =>
        store.accountSearch.page({ q: prefix, sort: 'name' }, { limit: PAGE, skip: 0 }),
      );
      await time(into('status'), async () => {
        const page = await store.accountSearch.page(
          { status: 'connected', sort: 'name' },
          { limit: PAGE, skip: statusSkip },
        );
        if (page.total !== connected) throw new Error(`status filter counted ${page.total}`);
      });
      await time(into('statusBefore'), async () => {
        const ids = (
          await collection
            .find({}, { projection: { _id: 1 } })
            .sort({ name: 1, _id: 1 })
            .toArray()
        ).map((doc) => String(doc._id));
        const live = await readStatuses(bench.redis, ids);
        const matching = ids.filter((id) => fleetStatusOf(live.get(id)) === 'connected');
        const pageIds = matching.slice(statusSkip, statusSkip + PAGE);
        await collection.find({ _id: { $in: pageIds as never[] } }).toArray();
        if (matching.length !== connected) throw new Error(`previous filter counted ${matching.length}`);
      });
      await time(into('http'), () => fleetPage(`sort=name&limit=${PAGE}&offset=${skip}`, accounts));
      await time(into('httpStatus'), () =>
        fleetPage(`status=connected&sort=name&limit=${PAGE}&offset=${statusSkip}`, connected),
      );
    }
    const baseline = summarize(rows.plain);
    const table = [
      ['plain indexed find of one page, createdAt order (baseline)', baseline],
      ['accounts-table query: page by name + total (store)', summarize(rows.table)],
      ['accounts-table query: name-prefix search + total (store)', summarize(rows.search)],
      ['status filter: connected, by name + total (store, mirrored bucket, index)', summarize(rows.status)],
      [
        'status filter as before the mirror: all ids + all statuses from Redis (bench process)',
        summarize(rows.statusBefore),
      ],
      ['GET /fleet/accounts round trip (gateway process, HTTP)', summarize(rows.http)],
      ['GET /fleet/accounts?status=connected round trip (HTTP)', summarize(rows.httpStatus)],
    ] as const;
    return {
      accounts,
      rounds,
      seedSeconds,
      counts,
      rows: table.map(([what, summary]) => ({
        what,
        ...summary,
        p99VsBaseline: ratio(summary.p99, baseline.p99),
      })),
    };
  });
}

if (process.argv[1]?.endsWith('accounts-table.ts')) {
  const result = await accountsTable(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 300));
  console.log(JSON.stringify(result, null, 2));
  console.log(
    '\n| Query | p50 ms | p99 ms | max ms | p99 vs baseline |\n| --- | ---: | ---: | ---: | ---: |',
  );
  for (const row of result.rows)
    console.log(`| ${row.what} | ${row.p50} | ${row.p99} | ${row.max} | ${row.p99VsBaseline}× |`);
}
