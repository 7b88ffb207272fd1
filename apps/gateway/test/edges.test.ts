import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import errorHandler from '../src/plugins/app/error-handler.js';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { BODY_LIMIT_BYTES: '4096' } });
  await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'mybot' } });
});
afterAll(async () => {
  await t?.close();
});

function expectErrorBody(body: unknown, error: string) {
  expect(body).toEqual({ ok: false, error });
}

describe('errors are always {ok:false,error}', () => {
  it('malformed JSON → 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { 'content-type': 'application/json' },
      payload: '{"id": "x",',
    });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'Malformed JSON body');
  });

  it('an empty JSON body is no body: 400 naming what the route needs', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'id is required');
  });

  it('another content type with a body → 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { 'content-type': 'text/plain' },
      payload: 'id=x',
    });
    expect(response.statusCode).toBe(415);
    expectErrorBody(response.json(), 'Unsupported Content-Type');
  });

  it('unknown route → 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(response.statusCode).toBe(404);
    expectErrorBody(response.json(), 'Route GET /nope not found');
    const method = await t.app.inject({ method: 'PATCH', url: '/accounts' });
    expect(method.statusCode).toBe(404);
  });

  it('JSON body over BODY_LIMIT_BYTES → 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/message/send',
      payload: { to: '919876543210@s.whatsapp.net', message: 'x'.repeat(10_000) },
    });
    expect(response.statusCode).toBe(413);
    expectErrorBody(response.json(), 'Request body is too large');
  });

  it('bad path parameters → 400 naming the parameter', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/accounts/bad%20id' });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'accountId must be 1-64 letters, digits, _ or -');
    const traversal = await t.app.inject({ method: 'GET', url: '/accounts/..%2F..%2Fetc/status' });
    expect(traversal.statusCode).toBe(400);
  });

  it('operator objects never reach MongoDB', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/message/send',
      payload: { to: { $gt: '' }, message: { $ne: null } },
    });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'to must be a string');
  });

  it('5xx details are hidden', async () => {
    const app = Fastify({ logger: false });
    await app.register(errorHandler);
    app.get('/boom', async () => {
      throw new Error('secret internals at /srv/app.js:42');
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expectErrorBody(response.json(), 'internal_error');
    await app.close();
  });

  it('request ids come from X-Request-Id when given', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/ping',
      headers: { 'x-request-id': 'req-123' },
    });
    expect(response.statusCode).toBe(200);
  });
});
