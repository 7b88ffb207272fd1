import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'admin-key-replica-wait';
let gateway: TestApp;

// The test's private Redis has no replica: with REDIS_WAIT_REPLICAS=1 nothing can be confirmed.
beforeAll(async () => {
  gateway = await buildTestApp({
    env: { API_KEYS: ADMIN, REDIS_WAIT_REPLICAS: '1', REDIS_WAIT_TIMEOUT_MS: '200' },
  });
  await gateway.store.accounts.create({ id: 'durable' });
});
afterAll(() => gateway?.close());

const send = (headers: Record<string, string> = {}) =>
  gateway.app.inject({
    method: 'POST',
    url: '/accounts/durable/message/send?wait=false',
    headers: { 'x-api-key': ADMIN, ...headers },
    payload: { to: '19990000001@s.whatsapp.net', message: 'hi' },
  });

describe('REDIS_WAIT_REPLICAS', () => {
  it('answers 503 "retry with the same Idempotency-Key" when no replica confirms a send in time', async () => {
    const started = Date.now();
    const plain = await send();
    expect(plain.statusCode).toBe(503);
    expect(plain.json()).toEqual({
      ok: false,
      error:
        'The send was not confirmed by enough Redis replicas in time (0 of 1); retry it with the same Idempotency-Key',
    });
    expect(plain.headers['retry-after']).toBe('1');
    expect(Date.now() - started).toBeLessThan(5_000);
    // The Idempotency-Key's binding is itself a write that must reach a replica first.
    const keyed = await send({ 'idempotency-key': 'k-1' });
    expect([keyed.statusCode, keyed.json().error]).toEqual([503, plain.json().error]);
  });
});
