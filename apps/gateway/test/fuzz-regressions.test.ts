import { MEDIA_BUCKET } from '@wildcat/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

/** Cases the fuzz suite found answering 5xx, hanging or leaving the `{ok:false,error}` shape. */
const KEY = 'regression-admin-key';
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { API_KEYS: KEY } });
  await t.app.inject({
    method: 'POST',
    url: '/accounts',
    payload: { id: 'fuzzbot' },
    headers: { 'x-api-key': KEY },
  });
});
afterAll(async () => {
  await t?.close();
});

const BOUNDARY = '----fuzzboundary7f3a9c';
const send = (payload: string, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
  t.app.inject({
    method: 'POST',
    url: '/accounts/fuzzbot/message/send/document?wait=false',
    headers: { 'x-api-key': KEY, 'content-type': contentType },
    payload,
  });

describe('fuzz regressions', () => {
  it('an overlong path parameter answers 414 {ok:false,error}, not Fastify’s own body', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/accounts/${'A'.repeat(300)}/status` });
    expect(response.statusCode).toBe(414);
    expect(response.json()).toEqual({ ok: false, error: 'A path parameter is too long' });
  });

  it('a malformed URL escape answers 400 {ok:false,error}', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/accounts/%zz/status',
      headers: { 'x-api-key': KEY },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().ok).toBe(false);
  });

  it('Bull Board without a key answers 401 {ok:false,error:"Unauthorized"}', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ ok: false, error: 'Unauthorized' });
    }
  });

  it('a multipart body with the wrong, an empty or no closing boundary answers 400, not 500', async () => {
    const cases = [
      send(`--${BOUNDARY}--\r\n`, 'multipart/form-data; boundary=nope'),
      send(`--x\r\n`, 'multipart/form-data; boundary='),
      send(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="to"\r\n\r\n919876543210@s.whatsapp.net`),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ok: false, error: 'Malformed multipart body' });
    }
  });

  it('a truncated body whose unwanted file part is cut short answers instead of hanging', async () => {
    const payload =
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name=""; filename="a.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n\r\n';
    const started = Date.now();
    const response = await send(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await t.inspect.count(`${MEDIA_BUCKET}.files`)).toBe(0);
  }, 20_000);

  it('GET /ws without an upgrade answers 426 {ok:false,error}', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/ws', headers: { 'x-api-key': KEY } });
    expect(response.statusCode).toBe(426);
    expect(response.headers.upgrade).toBe('websocket');
    expect(response.json()).toEqual({
      ok: false,
      error: 'Upgrade Required: connect with a WebSocket client',
    });
  });
});
