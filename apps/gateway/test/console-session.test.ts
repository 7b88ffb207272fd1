import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'k-console-admin-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { API_KEYS: ADMIN } });
});
afterAll(async () => {
  await t?.close();
});

const cookiesOf = (response: { headers: Record<string, unknown> }) => {
  const header = response.headers['set-cookie'];
  return (Array.isArray(header) ? header : header ? [header] : []) as string[];
};
const sessionIdOf = (cookies: string[]) => /^wildcat_console=([^;]*)/.exec(cookies[0] ?? '')?.[1] ?? '';
const openSession = (headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/console/session', headers });
const bullBoard = (cookie: string, url = '/admin/queues') =>
  t.app.inject({ method: 'GET', url, headers: { cookie: `wildcat_console=${cookie}` } });

describe('console session cookie for Bull Board', () => {
  it('is issued only for a valid admin key: HttpOnly, SameSite=Strict, on the admin and console paths', async () => {
    expect((await openSession({})).statusCode).toBe(401);
    const wrong = await openSession({ 'x-api-key': 'wrong' });
    expect(wrong.statusCode).toBe(401);
    expect(cookiesOf(wrong)).toEqual([]);

    const response = await openSession({ 'x-api-key': ADMIN });
    expect(response.statusCode).toBe(200);
    const cookies = cookiesOf(response);
    expect(cookies.map((cookie) => /Path=([^;]+)/.exec(cookie)?.[1])).toEqual(['/admin/queues', '/console']);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).toMatch(/; Max-Age=28800/);
      expect(cookie).not.toContain(ADMIN);
    }
    const id = sessionIdOf(cookies);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Redis holds a digest of the id with a TTL, never the key or the id itself.
    const keys = await t.redis.keys('wc:console-session:*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain(id);
      expect(await t.redis.ttl(key)).toBeGreaterThan(28_000);
      expect(await t.redis.get(key)).not.toContain(ADMIN);
    }
  });

  it('opens Bull Board (page and its API), and nothing else', async () => {
    const id = sessionIdOf(cookiesOf(await openSession({ 'x-api-key': ADMIN })));
    const page = await bullBoard(id);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect((await bullBoard(id, '/admin/queues/api/queues')).statusCode).toBe(200);
    for (const url of ['/accounts', '/admin/keys', '/metrics', '/admin/queuesX']) {
      const refused = await bullBoard(id, url);
      expect(refused.statusCode, url).toBe(401);
      expect(refused.json()).toEqual({ ok: false, error: 'Unauthorized' });
    }
    expect((await bullBoard('not-a-session-id-0000000000000000000000000')).statusCode).toBe(401);
  });

  it('ends at sign-out: the session is gone from Redis and the cookies are cleared', async () => {
    const id = sessionIdOf(cookiesOf(await openSession({ 'x-api-key': ADMIN })));
    expect((await bullBoard(id)).statusCode).toBe(200);
    const signOut = await t.app.inject({
      method: 'DELETE',
      url: '/console/session',
      headers: { cookie: `wildcat_console=${id}` },
    });
    expect(signOut.statusCode).toBe(200);
    for (const cookie of cookiesOf(signOut))
      expect(cookie).toMatch(/^wildcat_console=; Path=\/\S+; Max-Age=0;/);
    expect((await bullBoard(id)).statusCode).toBe(401);
  });

  it('expires with its TTL', async () => {
    const id = sessionIdOf(cookiesOf(await openSession({ 'x-api-key': ADMIN })));
    for (const key of await t.redis.keys('wc:console-session:*')) await t.redis.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await bullBoard(id)).statusCode).toBe(401);
  });

  it('is refused to account-scoped keys (no Bull Board for them)', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { 'x-api-key': ADMIN },
      payload: { id: 'acct-s' },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/admin/keys',
      headers: { 'x-api-key': ADMIN },
      payload: { name: 'scoped', accountId: 'acct-s' },
    });
    expect(created.statusCode).toBe(201);
    const scoped = await openSession({ 'x-api-key': created.json().key });
    expect(scoped.statusCode).toBe(403);
    expect(cookiesOf(scoped)).toEqual([]);
  });
});
