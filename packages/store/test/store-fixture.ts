import { randomBytes } from 'node:crypto';
import { startDevdb } from '@wildcat/devdb';
import { afterAll, beforeAll } from 'vitest';
import { createStore, type Store } from '../src/index.js';

export interface StoreFixture {
  store: Store;
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
  return {
    store,
    target: external ? 'mongodb' : 'devdb',
    async close() {
      await store.db.dropDatabase().catch(() => undefined);
      await store.close();
      await devdb?.close();
    },
  };
}

/**
 * Registers a per-file store (opened before the tests, dropped after) and hands back a stand-in
 * that forwards to it, so each test file needs one line of setup.
 */
export function useStore(): Store {
  let fixture: StoreFixture | undefined;
  beforeAll(async () => {
    fixture = await openStore();
  });
  afterAll(() => fixture?.close());
  return new Proxy({} as Store, {
    get(_target, property) {
      if (!fixture) throw new Error('the store is opened in beforeAll: use it inside a test');
      return Reflect.get(fixture.store, property);
    },
  });
}
