import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';
import { startTestWorker, type TestWorker } from './helpers/test-worker.js';

let t: TestApp;
let worker: TestWorker;
beforeAll(async () => {
  t = await buildTestApp();
  worker = await startTestWorker(t.config.REDIS_URL, t.config.SHARDS, t.store);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

it('smoke', async () => {
  const ping = await t.app.inject({ method: 'GET', url: '/ping' });
  const created = await t.app.inject({
    method: 'POST',
    url: '/accounts',
    payload: { id: 'mybot', name: 'My Bot' },
  });
  const list = await t.app.inject({ method: 'GET', url: '/accounts' });
  const sent = await t.app.inject({
    method: 'POST',
    url: '/accounts/mybot/message/send',
    payload: { to: '919876543210@s.whatsapp.net', message: 'hi' },
  });
  const bad = await t.app.inject({ method: 'POST', url: '/accounts/mybot/message/send', payload: {} });
  const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
  expect(ping.statusCode).toBe(200);
  expect(created.statusCode).toBe(201);
  expect(list.statusCode).toBe(200);
  expect(sent.json()).toMatchObject({ ok: true });
  expect(bad.json()).toEqual({ ok: false, error: 'to and message are required' });
  expect(doc.statusCode).toBe(200);
});
