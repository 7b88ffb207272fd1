import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Infrastructure, type Runtime, startInfrastructure } from './support/harness.js';

let infra: Infrastructure;
let runtime: Runtime;

beforeAll(async () => {
  infra = await startInfrastructure();
  runtime = await infra.startRuntime();
});
afterAll(async () => {
  await runtime.close();
  await infra.close();
});

async function get(path: string) {
  const response = await fetch(`http://127.0.0.1:${runtime.health.port}${path}`);
  return { status: response.status, text: await response.text() };
}

describe('health server', () => {
  it('answers /healthz and /readyz while Redis and MongoDB are up', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, text: '{"ok":true}' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ok: true, checks: { redis: true, mongodb: true } });
  });

  it('serves Prometheus metrics with bounded labels', async () => {
    const { status, text } = await get('/metrics');
    expect(status).toBe(200);
    expect(text).toContain('wildcat_webhook_deliveries_total{outcome="delivered"} 0');
    expect(text).toContain('# TYPE wildcat_webhook_delivery_duration_seconds histogram');
    expect(text).toContain('wildcat_webhook_dead_letters 0');
    expect(text).toContain('wildcat_webhook_open_breakers 0');
    expect(text).not.toMatch(/accountId|webhookId|url=/);
  });

  it('reports not ready while Redis is down, and ready again when it returns', async () => {
    await infra.redis.stop();
    try {
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text).checks).toEqual({ redis: false, mongodb: true });
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      await infra.redis.start();
    }
    await waitFor(async () => (await get('/readyz')).status === 200, {
      what: 'ready again',
      timeoutMs: 10_000,
    });
  });

  it('answers 404 for anything else', async () => {
    expect((await get('/nope')).status).toBe(404);
  });

  it('binds the health server to HEALTH_HOST', async () => {
    // 127.0.0.2 is loopback too, but another address: a server on every interface answers both.
    const bound = await infra.startRuntime({ HEALTH_HOST: '127.0.0.2' });
    const at = (host: string) =>
      fetch(`http://${host}:${bound.health.port}/healthz`).then(
        (response) => response.status,
        () => 'refused',
      );
    expect(await at('127.0.0.2')).toBe(200);
    expect(await at('127.0.0.1')).toBe('refused');
  });
});
