import { freePort } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServices, type TestServices } from './helpers/build-test-app.js';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process.js';

const ADMIN = 'admin-key-metrics-listener';
let services: TestServices;
let gateway: GatewayProcess;
let metricsPort: number;

beforeAll(async () => {
  services = await startTestServices();
  metricsPort = await freePort();
  gateway = await spawnGateway({
    ...services.env,
    API_KEYS: ADMIN,
    METRICS_PORT: String(metricsPort),
    METRICS_HOST: '127.0.0.1',
  });
});
afterAll(async () => {
  await gateway?.stop();
  await services?.close();
});

describe('the metrics listener (METRICS_PORT)', () => {
  it('serves the gateway metrics without a key, so the Prometheus scrape holds no admin key', async () => {
    await fetch(`${gateway.url}/ping`);
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('wildcat_gateway_sends_total');
  });

  it('serves nothing else, and the API port still wants an admin key for /metrics', async () => {
    for (const path of ['/accounts', '/admin/keys', '/ping', '/metrics/../accounts']) {
      expect((await fetch(`http://127.0.0.1:${metricsPort}${path}`)).status, path).toBe(404);
    }
    const post = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/metrics`, { headers: { 'x-api-key': ADMIN } })).status).toBe(200);
  });
});
