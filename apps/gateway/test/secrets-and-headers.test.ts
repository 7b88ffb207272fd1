import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'admin-secret-key-4f2a9c81';
const WEBHOOK_SECRET = 'whsec_never-log-me-7d1e';
const RECEIVER_TOKEN = 'receiver-token-never-log-3b8c';
const CREDS_MARKER = 'noise-key-private-never-log-91ab';
const PUBLIC_URL = 'https://93.184.216.34/hook';

describe('secrets never reach logs or later responses', () => {
  it('a full flow at trace level: keys, webhook secrets and auth creds stay out of every log line', async () => {
    const lines: string[] = [];
    const t = await buildTestApp({
      env: { API_KEYS: ADMIN, LOG_LEVEL: 'trace' },
      logs: { write: (line: string) => void lines.push(line) },
    });
    const bodies: string[] = [];
    const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, key: string, payload?: object) => {
      const response = await t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(payload ? { payload } : {}),
      });
      bodies.push(response.body);
      return response;
    };
    try {
      await call('POST', '/accounts', ADMIN, { id: 'secretive' });
      await t.store.authState('auth_secretive').writeCreds({ noiseKey: { private: CREDS_MARKER } }, 1);
      const created = await call('POST', '/admin/keys', ADMIN, { name: 'scoped', accountId: 'secretive' });
      const stored: string = created.json().key;
      const hook = await call('POST', '/accounts/secretive/webhooks', stored, {
        url: PUBLIC_URL,
        secret: WEBHOOK_SECRET,
        headers: { Authorization: `Bearer ${RECEIVER_TOKEN}` },
      });
      expect(hook.statusCode).toBe(201);
      // Failing requests too: a bad secret, a wrong key, a forbidden route.
      await call('POST', '/accounts/secretive/webhooks', stored, {
        url: PUBLIC_URL,
        secret: { $gt: WEBHOOK_SECRET },
      });
      await call('GET', '/accounts', `${stored}x`);
      await call('GET', '/admin/keys', stored);
      // Later responses: no secret, no creds.
      const later = [
        await call('GET', '/accounts/secretive/webhooks', stored),
        await call('GET', '/accounts/secretive', stored),
        await call('GET', '/admin/keys', ADMIN),
        await call('GET', '/accounts', ADMIN),
      ];
      for (const response of later) {
        expect(response.statusCode).toBe(200);
        for (const secret of [stored, WEBHOOK_SECRET, RECEIVER_TOKEN, CREDS_MARKER])
          expect(response.body).not.toContain(secret);
      }
      const log = lines.join('');
      expect(lines.length).toBeGreaterThanOrEqual(20);
      for (const secret of [ADMIN, stored, WEBHOOK_SECRET, RECEIVER_TOKEN, CREDS_MARKER])
        expect(log).not.toContain(secret);
      // The only responses that held a secret are the ones that created it.
      expect(bodies.filter((body) => body.includes(stored))).toHaveLength(1);
      expect(bodies.filter((body) => body.includes(WEBHOOK_SECRET))).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});

describe('security headers and CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the docs UI, the console, API answers and errors carry the security headers; the UIs a CSP', async () => {
    for (const url of ['/docs/', '/docs/json', '/console', '/ping', '/accounts', '/no-such-route']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security'], url).toBeDefined();
      expect(response.headers['referrer-policy'], url).toBeDefined();
    }
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('CORS is off without CORS_ORIGINS: no Access-Control-Allow-Origin, preflight not answered', async () => {
    const origin = 'https://app.example';
    const get = await t.app.inject({ method: 'GET', url: '/ping', headers: { origin } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/accounts',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.statusCode).toBe(404);
  });

  it('with CORS_ORIGINS only the listed origins are allowed', async () => {
    const cors = await buildTestApp({ services: t.services, env: { CORS_ORIGINS: 'https://app.example' } });
    try {
      const allowed = await cors.app.inject({
        method: 'GET',
        url: '/ping',
        headers: { origin: 'https://app.example' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
      const other = await cors.app.inject({
        method: 'GET',
        url: '/ping',
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await cors.app.inject({
        method: 'OPTIONS',
        url: '/accounts',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/X-API-Key/i);
    } finally {
      await cors.close();
    }
  });
});
