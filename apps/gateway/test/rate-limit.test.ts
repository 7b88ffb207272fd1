import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  startTestServices,
  type TestApp,
  type TestServices,
} from './helpers/build-test-app.js';

const ADMIN = 'admin-key-rate-limit';
const LIMIT = 6;
let services: TestServices;
let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  services = await startTestServices();
  const env = {
    API_KEYS: `${ADMIN},other-admin-key`,
    RATE_LIMIT_MAX: String(LIMIT),
    RATE_LIMIT_WINDOW_MS: '60000',
  };
  // Two gateway replicas sharing one Redis.
  [first, second] = await Promise.all([buildTestApp({ services, env }), buildTestApp({ services, env })]);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await services?.close();
});

const get = (app: TestApp, url: string, key?: string) =>
  app.app.inject({ method: 'GET', url, headers: key ? { 'x-api-key': key } : {} });

describe('per-key rate limit', () => {
  it('is shared across gateway replicas through Redis and answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const response = await get(i % 2 === 0 ? first : second, '/accounts', ADMIN);
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    for (const app of [first, second]) {
      const limited = await get(app, '/accounts', ADMIN);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual({ ok: false, error: expect.stringMatching(/^Rate limit exceeded/) });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });

  it('counts each key on its own', async () => {
    expect((await get(second, '/accounts', 'other-admin-key')).statusCode).toBe(200);
  });

  it('leaves public routes and rejected keys out of any budget', async () => {
    for (let i = 0; i < LIMIT + 2; i++) expect((await get(first, '/ping')).statusCode).toBe(200);
    expect((await get(first, '/accounts', 'not-a-key')).statusCode).toBe(401);
  });

  it('does not limit an open gateway (no API keys)', async () => {
    const open = await buildTestApp({ services, env: { RATE_LIMIT_MAX: '2' } });
    try {
      for (let i = 0; i < 5; i++) expect((await get(open, '/accounts')).statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});
