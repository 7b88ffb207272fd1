import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'admin-collection-name-key-7c1d';

describe('an account auth collection is derived from its id, never chosen (issue 23 item 6)', () => {
  let t: TestApp;
  const create = (payload: object) =>
    t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload,
    });
  beforeAll(async () => {
    t = await buildTestApp({ env: { API_KEYS: ADMIN } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses another account's auth collection, and deleting the intruder keeps the victim's creds", async () => {
    expect((await create({ id: 'victim' })).statusCode).toBe(201);
    await t.store.authState('auth_victim').writeCreds({ me: { id: 'victim-creds' } }, 1);

    const intruder = await create({ id: 'intruder', collectionName: 'auth_victim' });
    expect(intruder.statusCode).toBe(400);
    expect(intruder.json()).toEqual({
      ok: false,
      error: 'collectionName must be auth_intruder (it is always auth_{id}; omit it)',
    });
    expect(await t.store.accounts.get('intruder')).toBeNull();

    // Any other chosen name is refused too; only the derived one is accepted (old clients send it).
    expect((await create({ id: 'other', collectionName: 'mine' })).statusCode).toBe(400);
    const legacy = await create({ id: 'legacy', collectionName: 'auth_legacy' });
    expect(legacy.statusCode).toBe(201);
    expect(legacy.json().account.collectionName).toBe('auth_legacy');
    const plain = await create({ id: 'plain' });
    expect(plain.json().account.collectionName).toBe('auth_plain');

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: '/accounts/legacy',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(deleted.statusCode).toBe(200);
    expect(await t.store.authState('auth_victim').readCreds()).toMatchObject({ me: { id: 'victim-creds' } });
  });
});
