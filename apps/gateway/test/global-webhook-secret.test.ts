import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'admin-global-secret-key-8d3a1f6e';
const SECRET = 'whsec_global-never-shown-4b9e';
const OTHER = 'whsec_global-rotated-2c7d';
const URL_A = 'https://93.184.215.14/global-signed';

let t: TestApp;
const lines: string[] = [];
const post = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/webhooks', headers: { authorization: `Bearer ${ADMIN}` }, payload });

beforeAll(async () => {
  t = await buildTestApp({
    env: { API_KEYS: ADMIN, LOG_LEVEL: 'trace' },
    logs: { write: (line: string) => void lines.push(line) },
  });
});
afterAll(async () => {
  await t?.close();
});

describe('POST /webhooks takes an optional secret (issue 23 item 9)', () => {
  it('stores it for signing, never shows or logs it; a repeat without it keeps it; a new one replaces', async () => {
    const first = await post({ url: URL_A, secret: SECRET });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      ok: true,
      url: URL_A,
      created: true,
      id: expect.any(String),
      hasSecret: true,
    });
    const id: string = first.json().id;
    // The worker signs every delivery of a subscription that holds a secret.
    expect((await t.store.webhooks.get(id))?.secret).toBe(SECRET);

    const again = await post({ url: URL_A });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ok: true, url: URL_A, created: false, id, hasSecret: true });
    expect((await post({ url: URL_A, secret: SECRET })).json()).toMatchObject({ created: false, id });

    const list = await t.app.inject({
      method: 'GET',
      url: '/webhooks',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(list.json().webhooks).toEqual([expect.objectContaining({ id, url: URL_A, hasSecret: true })]);

    const rotated = await post({ url: URL_A, secret: OTHER });
    expect(rotated.statusCode).toBe(201);
    expect(rotated.json().id).not.toBe(id);
    expect((await t.store.webhooks.get(rotated.json().id))?.secret).toBe(OTHER);
    expect(await t.store.webhooks.get(id)).toBeNull();

    for (const body of [first.body, again.body, list.body, rotated.body]) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(OTHER);
    }
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(OTHER);
  });

  it('400 for a secret that is too short or not a string', async () => {
    for (const secret of ['short', 42]) {
      const response = await post({ url: 'https://93.184.215.14/bad', secret });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(/^secret must be/);
    }
  });
});
