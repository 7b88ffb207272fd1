import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, COLLECTIONS, hashApiKey } from '../src/index.js';
import { openStore, type StoreFixture } from './store-fixture.js';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStore();
});
afterAll(async () => {
  await fixture?.close();
});

describe('api keys', () => {
  it('stores only the SHA-256 of a key and finds it by that hash', async () => {
    const { store, db } = fixture;
    const { key, doc } = await store.apiKeys.create({ name: 'ci', accountId: 'acme' });
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(key.length).toBeGreaterThan(40);
    const raw = await db.collection(COLLECTIONS.apiKeys).findOne({ _id: doc._id });
    expect(raw?.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(raw)).not.toContain(key);
    expect(await store.apiKeys.findByHash(hashApiKey(key))).toMatchObject({ name: 'ci', accountId: 'acme' });
    expect(await store.apiKeys.findByHash(hashApiKey(`${key}x`))).toBeNull();
  });

  it('lists and gets keys without their hash, and revokes by id', async () => {
    const { store } = fixture;
    const { doc } = await store.apiKeys.create({ name: 'admin', accountId: null });
    const listed = await store.apiKeys.list();
    expect(listed.length).toBeGreaterThanOrEqual(2);
    for (const entry of listed) expect(entry).not.toHaveProperty('hash');
    expect(await store.apiKeys.list({ accountId: null })).toHaveLength(1);
    expect(await store.apiKeys.get(doc._id.toHexString())).not.toHaveProperty('hash');
    expect(await store.apiKeys.remove(doc._id.toHexString())).toBe(true);
    expect(await store.apiKeys.remove(doc._id.toHexString())).toBe(false);
    expect(await store.apiKeys.remove('{"$ne":null}')).toBe(false);
  });

  it('a lookup with an operator object matches nothing', async () => {
    const { store } = fixture;
    const hostile = { $ne: '' } as unknown as string;
    expect(await store.apiKeys.findByHash(hostile)).toBeNull();
  });

  it('deleting an account deletes its keys', async () => {
    const { store } = fixture;
    await store.accounts.create({ id: 'gone' });
    await store.apiKeys.create({ name: 'k', accountId: 'gone' });
    expect(await store.apiKeys.list({ accountId: 'gone' })).toHaveLength(1);
    await store.deleteAccountCascade('gone');
    expect(await store.apiKeys.list({ accountId: 'gone' })).toHaveLength(0);
  });
});
