import { describe, expect, it } from 'vitest';
import { type AccountDoc, COLLECTIONS, IdentityWrites } from '../src/index.js';
import { useStore } from './store-fixture.js';

const store = useStore();

describe('identity writes', () => {
  it('stores the identities of many accounts opening at once in few bulk writes; the newest wins', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `idw${i}`);
    for (const id of ids) await store.accounts.create({ id });
    let bulkWrites = 0;
    const collection = store.db.collection<AccountDoc>(COLLECTIONS.accounts);
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
    const docs = await collection.find({ _id: { $in: ids } }).toArray();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    expect(byId.get('idw0')).toMatchObject({ jid: '0@s.whatsapp.net', pushName: 'newest' });
    expect(byId.get('idw119')).toMatchObject({ jid: '119@s.whatsapp.net', pushName: 'first 119' });
  });

  it('is what the accounts repository hands a worker', async () => {
    await store.accounts.create({ id: 'idw-repo' });
    const errors: unknown[] = [];
    const writes = store.accounts.identityWrites((error) => errors.push(error));
    await writes.write('idw-repo', { jid: 'repo@s.whatsapp.net' });
    expect(await store.accounts.get('idw-repo')).toMatchObject({ jid: 'repo@s.whatsapp.net' });
    expect(errors).toEqual([]);
  });
});
