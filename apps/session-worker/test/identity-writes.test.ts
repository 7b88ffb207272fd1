import { randomBytes } from 'node:crypto';
import { startDevdb } from '@wildcat/devdb';
import { createStore, type Store } from '@wildcat/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityWrites } from '../src/sessions/identity-writes.js';

let devdb: Awaited<ReturnType<typeof startDevdb>>;
let store: Store;

beforeAll(async () => {
  devdb = await startDevdb({ quiet: true });
  store = await createStore({ url: devdb.url, dbName: `id_${randomBytes(4).toString('hex')}` });
});

afterAll(async () => {
  await store?.close();
  await devdb?.close();
});

describe('identity writes', () => {
  it('stores the identities of many accounts opening at once in few bulk writes; the newest wins', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `idw${i}`);
    for (const id of ids) await store.accounts.create({ id });
    let bulkWrites = 0;
    const collection = store.accounts.collection;
    const counting = new Proxy(collection, {
      get(target, key, receiver) {
        if (key === 'bulkWrite') bulkWrites++;
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const writes = new IdentityWrites(counting);
    await Promise.all([
      ...ids.map((id, i) => writes.write(id, { jid: `${i}@s.whatsapp.net`, pushName: `first ${i}` })),
      writes.write('idw0', { jid: '0@s.whatsapp.net', pushName: 'newest' }),
    ]);
    expect(bulkWrites).toBeLessThanOrEqual(2);
    const docs = await store.accounts.collection.find({ _id: { $in: ids } }).toArray();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    expect(byId.get('idw0')).toMatchObject({ jid: '0@s.whatsapp.net', pushName: 'newest' });
    expect(byId.get('idw119')).toMatchObject({ jid: '119@s.whatsapp.net', pushName: 'first 119' });
  });
});
