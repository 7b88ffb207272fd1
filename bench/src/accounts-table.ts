import { COLLECTIONS, createStore } from '@wildcat/store';
import { MongoClient } from 'mongodb';
import { startBenchStack } from './lib/stack.js';
import { ratio, summarize } from './lib/stats.js';

const PAGE = 50;

/**
 * Issue 21's accounts-table query at 10,000 accounts: the console's page (sorted by name, with
 * the total for the pager, and with a prefix search) against a plain indexed `find` of one page
 * on the same collection, interleaved in the same run, plus the whole `GET /fleet/accounts`
 * round trip through a gateway process. `tsx src/accounts-table.ts [accounts] [rounds]`
 */
export async function accountsTable(accounts = 10_000, rounds = 300) {
  const bench = await startBenchStack({ gateways: 1, sessionWorkers: 0, webhookWorkers: 0 });
  const mongoUrl = bench.stack.mongo.url;
  const dbName = process.env.MONGODB_DB ?? 'wildcat';
  const client = new MongoClient(mongoUrl);
  const store = await createStore({ url: mongoUrl, dbName });
  try {
    await client.connect();
    const collection = client.db(dbName).collection(COLLECTIONS.accounts);
    const t0 = Date.now();
    for (let start = 0; start < accounts; start += 1_000) {
      const docs = [];
      for (let index = start; index < Math.min(accounts, start + 1_000); index++) {
        const id = `acct-${String(index).padStart(5, '0')}`;
        const at = new Date(Date.UTC(2026, 0, 1) + index * 1_000);
        docs.push({
          _id: id,
          name: `Shop ${index}`,
          collectionName: `auth_${id}`,
          desiredState: 'disconnected',
          createdAt: at,
          updatedAt: at,
        });
      }
      await collection.insertMany(docs as never[]);
    }
    const seedSeconds = (Date.now() - t0) / 1000;
    const plain: number[] = [];
    const table: number[] = [];
    const search: number[] = [];
    const http: number[] = [];
    const time = async (into: number[], run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      into.push(performance.now() - started);
    };
    for (let round = -20; round < rounds; round++) {
      const skip = ((round + 20) * 97) % (accounts - PAGE);
      const prefix = `Shop ${(round + 20) % 100}`;
      const samples = round < 0 ? ([[], [], [], []] as number[][]) : [plain, table, search, http];
      await time(samples[0] as number[], () =>
        collection.find({}).sort({ createdAt: 1, _id: 1 }).skip(skip).limit(PAGE).toArray(),
      );
      await time(samples[1] as number[], () =>
        store.accountSearch.page({ sort: 'name' }, { limit: PAGE, skip }),
      );
      await time(samples[2] as number[], () =>
        store.accountSearch.page({ q: prefix, sort: 'name' }, { limit: PAGE, skip: 0 }),
      );
      await time(samples[3] as number[], async () => {
        const response = await fetch(`${bench.api}/fleet/accounts?sort=name&limit=${PAGE}&offset=${skip}`, {
          headers: bench.headers,
        });
        const body = (await response.json()) as { total?: number };
        if (body.total !== accounts) throw new Error(`GET /fleet/accounts answered total ${body.total}`);
      });
    }
    const baseline = summarize(plain);
    const rows = [
      ['plain indexed find of one page, createdAt order (baseline)', baseline],
      ['accounts-table query: page by name + total (store)', summarize(table)],
      ['accounts-table query: name-prefix search + total (store)', summarize(search)],
      ['GET /fleet/accounts round trip (gateway process, HTTP)', summarize(http)],
    ] as const;
    return {
      accounts,
      rounds,
      seedSeconds,
      rows: rows.map(([what, summary]) => ({
        what,
        ...summary,
        p99VsBaseline: ratio(summary.p99, baseline.p99),
      })),
    };
  } finally {
    await client.close();
    await store.close();
    await bench.stop();
  }
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
