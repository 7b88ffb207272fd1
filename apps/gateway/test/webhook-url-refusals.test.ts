import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const ADMIN = 'admin-ssrf-refusals-key-5e2b9d0c';
const GENERIC =
  'url is not allowed: webhooks may only target a public http or https address (an admin key sees the exact reason)';

let t: TestApp;
let scoped = '';

const call = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp({ env: { API_KEYS: ADMIN, WEBHOOK_ALLOWED_PORTS: '443,8443' } });
  await call(ADMIN, 'POST', '/accounts', { id: 'tenant' });
  scoped = (await call(ADMIN, 'POST', '/admin/keys', { name: 'tenant', accountId: 'tenant' })).json().key;
});
afterAll(async () => {
  await t?.close();
});

describe('SSRF refusals (issue 23 item 8)', () => {
  // What a tenant would try to map the internal network: names and literal forms.
  const probes = [
    'https://localhost/hook',
    'https://127.0.0.1/hook',
    'https://[::ffff:0:7f00:1]/hook',
    'https://[64:ff9b:1::a00:1]/hook',
    'https://10.0.0.7:8443/hook',
  ];

  it('a scoped key gets one generic text for every address refusal; an admin the exact reason', async () => {
    for (const url of probes) {
      const tenant = await call(scoped, 'POST', '/accounts/tenant/webhooks', { url });
      expect(tenant.statusCode, url).toBe(400);
      expect(tenant.json(), url).toEqual({ ok: false, error: GENERIC });
      const admin = await call(ADMIN, 'POST', '/accounts/tenant/webhooks', { url });
      expect(admin.statusCode, url).toBe(400);
      expect(admin.json().error, url).toMatch(/resolves to a (loopback|private|reserved) address/);
      const global = await call(ADMIN, 'POST', '/webhooks', { url });
      expect(global.json().error, url).toMatch(/resolves to a/);
    }
  });

  it('WEBHOOK_ALLOWED_PORTS refuses other ports for everyone, before any lookup', async () => {
    for (const key of [scoped, ADMIN]) {
      const refused = await call(key, 'POST', '/accounts/tenant/webhooks', {
        url: 'https://93.184.216.34:6379/',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({
        ok: false,
        error: 'url port 6379 is not allowed; webhooks may use port 443, 8443',
      });
    }
    const plainHttp = await call(ADMIN, 'POST', '/webhooks', { url: 'http://93.184.216.34/' });
    expect(plainHttp.json().error).toBe('url port 80 is not allowed; webhooks may use port 443, 8443');
    expect(
      (await call(scoped, 'POST', '/accounts/tenant/webhooks', { url: 'https://93.184.216.34:8443/' }))
        .statusCode,
    ).toBe(201);
  });

  it("a delivery refused at connect time reads generic to the tenant's key, exact to an admin", async () => {
    const created = await call(scoped, 'POST', '/accounts/tenant/webhooks', {
      url: 'https://93.184.216.34/in',
    });
    const webhookId: string = created.json().webhook.id;
    const detail =
      'WILDCAT_UNSAFE_ADDRESS: webhook host rebind.example resolves to a loopback address (127.0.0.1), which is not allowed';
    await t.store.deliveries.open({
      _id: 'd1',
      webhookId,
      eventId: 'e1',
      eventType: 'message.received',
      accountId: 'tenant',
    } as never);
    await t.store.deliveries.recordAttempt('d1', { status: 'dead', error: detail });
    const tenant = await call(scoped, 'GET', `/webhooks/${webhookId}/deliveries`);
    expect(tenant.json().deliveries[0].lastError).toBe(GENERIC);
    const admin = await call(ADMIN, 'GET', `/webhooks/${webhookId}/deliveries`);
    expect(admin.json().deliveries[0].lastError).toBe(detail);
  });
});
