import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SHARDS, type TestApp } from './helpers/build-test-app.js';
import { startTestWorker, type TestWorker } from './helpers/test-worker.js';

let sandbox: TestApp;
let baileys: TestApp;
// The scan is a control job: a stand-in worker (no socket shows a QR) answers it.
let worker: TestWorker;
beforeAll(async () => {
  sandbox = await buildTestApp({ env: { WA_ENGINE: 'sandbox' } });
  worker = await startTestWorker(sandbox.config.REDIS_URL, TEST_SHARDS, sandbox.store);
  baileys = await buildTestApp({ services: sandbox.services, env: { WA_ENGINE: 'baileys' } });
  await sandbox.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'mybot' } });
});
afterAll(async () => {
  await worker?.close();
  await baileys?.close();
  await sandbox?.close();
});

describe('POST /sandbox/accounts/:accountId/scan', () => {
  it('409 when no QR is waiting, 404 for an unknown account', async () => {
    const idle = await sandbox.app.inject({ method: 'POST', url: '/sandbox/accounts/mybot/scan' });
    expect(idle.statusCode).toBe(409);
    expect(idle.json()).toEqual({ ok: false, error: 'No QR code is waiting to be scanned' });
    const unknown = await sandbox.app.inject({ method: 'POST', url: '/sandbox/accounts/nobody/scan' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ ok: false, error: 'Account not found' });
  });

  it("passes the phone's name and whether it runs WhatsApp Business to the worker; bad values are 400", async () => {
    worker.controls.length = 0;
    await sandbox.app.inject({
      method: 'POST',
      url: '/sandbox/accounts/mybot/scan',
      payload: { pushName: ' Acme ', business: true },
    });
    expect(worker.controls.map(({ accountId, ...job }) => job)).toEqual([
      { action: 'sandbox-scan', pushName: 'Acme', business: true },
    ]);
    const bad = await sandbox.app.inject({
      method: 'POST',
      url: '/sandbox/accounts/mybot/scan',
      payload: { business: 'yes' },
    });
    expect([bad.statusCode, bad.json()]).toEqual([
      400,
      { ok: false, error: 'business must be true or false' },
    ]);
  });

  it('does not exist with the Baileys engine', async () => {
    const response = await baileys.app.inject({ method: 'POST', url: '/sandbox/accounts/mybot/scan' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      ok: false,
      error: 'Route POST /sandbox/accounts/mybot/scan not found',
    });
  });
});
