import { COLLECTIONS, hashApiKey } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'admin-key-0123456789';
const PUBLIC_URL = 'https://93.184.216.34/hook';
let t: TestApp;

type Method = 'GET' | 'POST' | 'DELETE';
const call = (app: TestApp, key: string, method: Method, url: string, payload?: object) =>
  app.app.inject({ method, url, headers: { 'x-api-key': key }, ...(payload ? { payload } : {}) });

async function createKey(body: object): Promise<{ key: string; id: string }> {
  const response = await call(t, ADMIN, 'POST', '/admin/keys', body);
  expect(response.statusCode, response.body).toBe(201);
  const json = response.json();
  return { key: json.key, id: json.apiKey.id };
}

beforeAll(async () => {
  t = await buildTestApp({ env: { API_KEYS: ADMIN } });
  for (const id of ['acct-a', 'acct-b']) {
    expect((await call(t, ADMIN, 'POST', '/accounts', { id })).statusCode).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
});

describe('stored keys', () => {
  it('are created by admins, shown once and stored only as a SHA-256 hash', async () => {
    const created = await call(t, ADMIN, 'POST', '/admin/keys', { name: 'ci', accountId: 'acct-a' });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(apiKey).toMatchObject({ name: 'ci', accountId: 'acct-a' });
    const [raw] = await t.inspect.find(COLLECTIONS.apiKeys, { name: 'ci' });
    expect(raw?.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(raw)).not.toContain(key);
    const listed = await call(t, ADMIN, 'GET', '/admin/keys');
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(key);
    expect(listed.body).not.toContain(hashApiKey(key));
    expect(listed.json().keys).toContainEqual(apiKey);
  });

  it('refuse bad input and unknown accounts', async () => {
    expect((await call(t, ADMIN, 'POST', '/admin/keys', {})).json()).toEqual({
      ok: false,
      error: 'name is required',
    });
    const hostile = await call(t, ADMIN, 'POST', '/admin/keys', { name: 'x', accountId: { $gt: '' } });
    expect(hostile.statusCode).toBe(400);
    const unknown = await call(t, ADMIN, 'POST', '/admin/keys', { name: 'x', accountId: 'nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(await t.store.apiKeys.list({ accountId: 'nobody' })).toEqual([]);
  });

  it('an admin stored key acts as an admin', async () => {
    const { key } = await createKey({ name: 'ops' });
    expect((await call(t, key, 'GET', '/admin/keys')).statusCode).toBe(200);
    expect((await call(t, key, 'GET', '/accounts/acct-b')).statusCode).toBe(200);
  });
});

describe('a key scoped to account A', () => {
  let key: string;
  beforeAll(async () => {
    ({ key } = await createKey({ name: 'a-only', accountId: 'acct-a' }));
  });

  it('reaches account A', async () => {
    expect((await call(t, key, 'GET', '/accounts/acct-a')).statusCode).toBe(200);
    expect((await call(t, key, 'GET', '/accounts/acct-a/status')).statusCode).toBe(200);
    expect((await call(t, key, 'GET', '/accounts/acct-a/chats')).statusCode).toBe(200);
    expect((await call(t, key, 'GET', '/messages?accountId=acct-a')).statusCode).toBe(200);
    const hook = await call(t, key, 'POST', '/accounts/acct-a/webhooks', { url: PUBLIC_URL });
    expect(hook.statusCode).toBe(201);
  });

  it('gets 403 {ok:false,error:"Forbidden"} on account B', async () => {
    const denied: Array<[Method, string, object?]> = [
      ['GET', '/accounts/acct-b'],
      ['GET', '/accounts/acct-b/status'],
      ['GET', '/accounts/acct-b/chats'],
      ['POST', '/accounts/acct-b/connect'],
      ['POST', '/accounts/acct-b/message/send', { to: '919876543210@s.whatsapp.net', message: 'hi' }],
      ['POST', '/accounts/acct-b/webhooks', { url: PUBLIC_URL }],
      ['GET', '/accounts/acct-b/webhooks'],
      ['GET', '/messages?accountId=acct-b'],
      ['GET', '/messages?accountId=acct-a&accountId=acct-b'],
      ['GET', '/media?accountId=acct-b'],
    ];
    for (const [method, url, payload] of denied) {
      const response = await call(t, key, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json()).toEqual({ ok: false, error: 'Forbidden' });
    }
  });

  it('gets 403 on admin routes: keys, queues, metrics, global webhooks, creating or deleting accounts', async () => {
    const denied: Array<[Method, string, object?]> = [
      ['GET', '/admin/keys'],
      ['POST', '/admin/keys', { name: 'escalate' }],
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/api/queues'],
      ['GET', '/metrics'],
      ['GET', '/webhooks'],
      ['POST', '/webhooks', { url: PUBLIC_URL }],
      ['POST', '/accounts', { id: 'acct-c' }],
      ['DELETE', '/accounts/acct-a'],
      ['GET', '/messages'],
      ['GET', '/media'],
    ];
    for (const [method, url, payload] of denied) {
      const response = await call(t, key, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
    expect(await t.store.accounts.get('acct-c')).toBeNull();
    expect(await t.store.accounts.get('acct-a')).not.toBeNull();
  });

  it('lists only its own accounts and sees B’s media as missing', async () => {
    const listed = await call(t, key, 'GET', '/accounts');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().accounts.map((account: { _id: string }) => account._id)).toEqual(['acct-a']);
    const { Readable } = await import('node:stream');
    const media = await t.store.media.upload(Readable.from([Buffer.from('b secret')]), {
      accountId: 'acct-b',
      mimetype: 'text/plain',
    });
    expect((await call(t, key, 'GET', `/media/${media.mediaId}`)).statusCode).toBe(404);
    expect((await call(t, ADMIN, 'GET', `/media/${media.mediaId}`)).statusCode).toBe(200);
  });
});

describe('revocation', () => {
  it('takes effect at once on the revoking gateway and on another that had the key cached', async () => {
    const other = await buildTestApp({
      services: t.services,
      env: { API_KEYS: ADMIN, API_KEY_CACHE_MS: '1500' },
    });
    try {
      const { key, id } = await createKey({ name: 'short-lived', accountId: 'acct-a' });
      expect((await call(other, key, 'GET', '/accounts/acct-a')).statusCode).toBe(200);
      const revoked = await call(t, ADMIN, 'DELETE', `/admin/keys/${id}`);
      expect(revoked.json()).toEqual({ ok: true, message: 'Key revoked' });
      expect((await call(t, key, 'GET', '/accounts/acct-a')).statusCode).toBe(401);
      // The other gateway hears the revocation on Redis well before its cache window ends.
      await waitFor(async () => (await call(other, key, 'GET', '/accounts/acct-a')).statusCode === 401, {
        what: 'the other gateway refusing the revoked key',
        timeoutMs: 1_000,
        intervalMs: 20,
      });
      expect((await call(t, ADMIN, 'DELETE', `/admin/keys/${id}`)).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('deleting an account revokes its keys', async () => {
    expect((await call(t, ADMIN, 'POST', '/accounts', { id: 'acct-gone' })).statusCode).toBe(201);
    await createKey({ name: 'doomed', accountId: 'acct-gone' });
    expect((await call(t, ADMIN, 'DELETE', '/accounts/acct-gone')).statusCode).toBe(200);
    expect(await t.store.apiKeys.list({ accountId: 'acct-gone' })).toEqual([]);
  });
});

describe('without API_KEYS', () => {
  it('stored keys cannot be created (the API is open on loopback)', async () => {
    const open = await buildTestApp({ services: t.services });
    try {
      const response = await open.app.inject({ method: 'POST', url: '/admin/keys', payload: { name: 'x' } });
      expect(response.statusCode).toBe(409);
      expect(response.json().ok).toBe(false);
    } finally {
      await open.close();
    }
  });
});
