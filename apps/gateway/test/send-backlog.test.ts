import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'admin-key-send-backlog';
let gateway: TestApp;

// No session worker runs: every accepted send stays in its account's backlog.
beforeAll(async () => {
  gateway = await buildTestApp({ env: { API_KEYS: ADMIN, SEND_ACCOUNT_MAX_BACKLOG: '3' } });
  await gateway.store.accounts.create({ id: 'slow', sendRatePerMinute: 10 });
  await gateway.store.accounts.create({ id: 'other' });
});
afterAll(() => gateway?.close());

const send = (accountId: string, headers: Record<string, string> = {}) =>
  gateway.app.inject({
    method: 'POST',
    url: `/accounts/${accountId}/message/send?wait=false`,
    headers: { 'x-api-key': ADMIN, ...headers },
    payload: { to: '19990000001@s.whatsapp.net', message: 'hi' },
  });

describe('per-account send backlog', () => {
  it('answers 429 with Retry-After and the backlog size once an account has the limit waiting', async () => {
    const accepted = [];
    for (let i = 0; i < 3; i++) accepted.push(await send('slow', { 'idempotency-key': `k${i}` }));
    expect(accepted.map((response) => response.statusCode)).toEqual([202, 202, 202]);

    const refused = await send('slow');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      ok: false,
      error: 'Too many sends waiting for this account (3 queued); retry in 6 s',
      backlog: 3,
    });
    // 10 a minute: one place frees every 6 s.
    expect(refused.headers['retry-after']).toBe('6');

    // A retry of an accepted send is the same message, not a new place; other accounts are unaffected.
    const retry = await send('slow', { 'idempotency-key': 'k1' });
    expect([retry.statusCode, retry.json().messageId]).toEqual([202, accepted[1]?.json().messageId]);
    expect((await send('other')).statusCode).toBe(202);
  });
});
