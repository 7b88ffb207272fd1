import { randomBytes } from 'node:crypto';
import { startDevdb } from '@wildcat/devdb';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { createStore, type Store } from '../src/index.js';

/** The store under test, and the test's own handle on its database for checks no repository offers. */
export type StoreUnderTest = Store & { readonly db: Db };

export interface StoreFixture {
  store: Store;
  /** The same database through a client of the test's own (the store exposes no raw access). */
  db: Db;
  /** Which server the suite ran against, for the report. */
  target: 'devdb' | 'mongodb';
  close(): Promise<void>;
}

/**
 * The same suite runs against devdb in CI and against a real MongoDB when MONGODB_URL is set;
 * each file gets a database of its own, dropped afterwards.
 */
export async function openStore(): Promise<StoreFixture> {
  const dbName = `wildcat_test_${randomBytes(4).toString('hex')}`;
  const external = process.env.MONGODB_URL;
  const devdb = external ? undefined : await startDevdb({ quiet: true });
  const url = external ?? devdb?.url;
  if (!url) throw new Error('no MongoDB to test against');
  const store = await createStore({ url, dbName, clientOptions: { serverSelectionTimeoutMS: 5_000 } });
  const client = await new MongoClient(url, {
    serverSelectionTimeoutMS: 5_000,
    retryWrites: false,
  }).connect();
  const db = client.db(dbName);
  return {
    store,
    db,
    target: external ? 'mongodb' : 'devdb',
    async close() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await store.close();
      await devdb?.close();
    },
  };
}

/**
 * Registers a per-file store (opened before the tests, dropped after) and hands back a stand-in
 * that forwards to it, so each test file needs one line of setup.
 */
export function useStore(): StoreUnderTest {
  let fixture: StoreFixture | undefined;
  beforeAll(async () => {
    fixture = await openStore();
  });
  afterAll(() => fixture?.close());
  return new Proxy({} as StoreUnderTest, {
    get(_target, property) {
      if (!fixture) throw new Error('the store is opened in beforeAll: use it inside a test');
      if (property === 'db') return fixture.db;
      return Reflect.get(fixture.store, property);
    },
  });
}
