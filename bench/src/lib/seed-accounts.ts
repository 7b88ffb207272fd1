import { FLEET_STATUSES, fleetStatusOf, type StatusWrite, writeStatus } from '@wildcat/redis-bus';
import { COLLECTIONS, createStore, type Store } from '@wildcat/store';
import type { Redis } from 'ioredis';
import { type Collection, MongoClient } from 'mongodb';
import { type BenchStack, startBenchStack } from './stack.js';

export const benchAccountId = (index: number) => `acct-${String(index).padStart(5, '0')}`;

/** Accounts are inserted this many per insertMany. */
export const SEED_CHUNK = 1_000;

/** The `accounts` document of bench account `index`: named `Shop <index>`, created a second apart. */
export function benchAccountDoc(index: number, desiredState: 'connected' | 'disconnected') {
  const id = benchAccountId(index);
  const at = new Date(Date.UTC(2026, 0, 1) + index * 1_000);
  return {
    _id: id,
    name: `Shop ${index}`,
    collectionName: `auth_${id}`,
    desiredState,
    createdAt: at,
    updatedAt: at,
  };
}

/** Five buckets in turn (connected, connecting, needs_qr, logged_out, never started). */
function statusOf(index: number): StatusWrite | undefined {
  switch (index % 5) {
    case 0:
      return { status: 'connected', epoch: 1 };
    case 1:
      return { status: 'connecting', epoch: 1 };
    case 2:
      return { status: 'connecting', epoch: 1, qr: '2@qr' };
    case 3:
      return { status: 'logged_out', epoch: 1 };
    default:
      return undefined;
  }
}

/**
 * `accounts` documents inserted straight into the collection, with their live statuses written to
 * Redis as a session worker writes them and each bucket mirrored into the document as the worker's
 * LiveStatusMirror leaves it. Resolves how many accounts each bucket holds.
 */
export async function seedAccounts(
  collection: Collection,
  redis: Redis,
  accounts: number,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(FLEET_STATUSES.map((status) => [status, 0]));
  for (let start = 0; start < accounts; start += SEED_CHUNK) {
    const docs = [];
    const writes: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(accounts, start + SEED_CHUNK); index++) {
      const status = statusOf(index);
      const bucket = fleetStatusOf(status);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
      const doc = benchAccountDoc(index, 'disconnected');
      const at = doc.createdAt.getTime();
      docs.push(status ? { ...doc, live: { status: bucket, epoch: 1, at } } : doc);
      if (status) writes.push(writeStatus(redis, doc._id, { ...status, lastUpdate: at }));
    }
    await Promise.all([collection.insertMany(docs as never[]), ...writes]);
  }
  return counts;
}

export interface AccountsBench {
  bench: BenchStack;
  /** The raw `accounts` collection, for seeding and for the plain queries compared against. */
  collection: Collection;
  store: Store;
}

/**
 * A bench stack with one gateway and no workers, the bench's own MongoDB client on its `accounts`
 * collection and a store on the same database, closed again when `run` ends.
 */
export async function withAccountsBench<T>(run: (accounts: AccountsBench) => Promise<T>): Promise<T> {
  const bench = await startBenchStack({ gateways: 1, sessionWorkers: 0, webhookWorkers: 0 });
  const mongoUrl = bench.stack.mongo.url;
  const dbName = process.env.MONGODB_DB ?? 'wildcat';
  const client = new MongoClient(mongoUrl);
  const store = await createStore({ url: mongoUrl, dbName });
  try {
    await client.connect();
    return await run({ bench, collection: client.db(dbName).collection(COLLECTIONS.accounts), store });
  } finally {
    await client.close();
    await store.close();
    await bench.stop();
  }
}
