import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  startTestServices,
  type TestApp,
  type TestServices,
} from './helpers/build-test-app.js';

const ADMIN = 'admin-key-auth-failures';
let services: TestServices;
let direct: TestApp;
let proxied: TestApp;

beforeAll(async () => {
  services = await startTestServices();
  const env = { API_KEYS: ADMIN, AUTH_FAILURES_MAX: '5', AUTH_FAILURES_WINDOW_MS: '60000' };
  [direct, proxied] = await Promise.all([
    buildTestApp({ services, env }),
    buildTestApp({ services, env: { ...env, TRUST_PROXY: 'true' } }),
  ]);
});
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
  await services?.close();
});

const get = (app: TestApp, key: string, remoteAddress: string, forwardedFor?: string) =>
  app.app.inject({
    method: 'GET',
    url: '/accounts',
    remoteAddress,
    headers: { 'x-api-key': key, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
  });

describe('failed-authentication throttle', () => {
  it('answers 429 with Retry-After to an address that keeps presenting wrong keys, on every gateway', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await get(direct, `wrong-${i}`, '10.0.0.1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const refused = await get(direct, 'wrong-again', '10.0.0.1');
    expect(refused.json()).toEqual({ ok: false, error: expect.stringMatching(/^Too many wrong API keys/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Blocked before the lookup: even the right key waits out the window from that address.
    expect((await get(direct, ADMIN, '10.0.0.1')).statusCode).toBe(429);
    // Another address is not affected.
    expect((await get(direct, ADMIN, '10.0.0.2')).statusCode).toBe(200);
    // The count lives in Redis: another gateway blocks the address after its own first miss.
    expect((await get(proxied, 'wrong', '10.0.0.1')).statusCode).toBe(401);
    expect((await get(proxied, 'wrong', '10.0.0.1')).statusCode).toBe(429);
  });

  it('counts the forwarded client address only when TRUST_PROXY says so', async () => {
    for (let i = 0; i < 5; i++) await get(proxied, 'wrong', '10.0.0.9', '203.0.113.7');
    expect((await get(proxied, 'wrong', '10.0.0.9', '203.0.113.7')).statusCode).toBe(429);
    // Another client behind the same balancer keeps its own budget.
    expect((await get(proxied, ADMIN, '10.0.0.9', '203.0.113.8')).statusCode).toBe(200);
    // Without TRUST_PROXY a forged header does not dodge the count of the connection's address.
    for (let i = 0; i < 5; i++) await get(direct, 'wrong', '10.0.0.20', `198.51.100.${i}`);
    expect((await get(direct, 'wrong', '10.0.0.20', '198.51.100.99')).statusCode).toBe(429);
  });
});
