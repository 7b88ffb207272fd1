import { allQueueNames } from '@wildcat/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindHost } from '../src/server.js';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const KEY = 'k-0123456789abcdef';
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { API_KEYS: `${KEY},second-key` } });
});
afterAll(async () => {
  await t?.close();
});

describe('API keys', () => {
  it('401 {ok:false,error:"Unauthorized"} without a key or with a wrong one', async () => {
    for (const headers of [
      {},
      { 'x-api-key': 'wrong' },
      { authorization: 'Bearer wrong' },
      { authorization: KEY },
    ]) {
      const response = await t.app.inject({ method: 'GET', url: '/accounts', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ ok: false, error: 'Unauthorized' });
    }
    const write = await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'x' } });
    expect(write.statusCode).toBe(401);
    expect(await t.store.accounts.get('x')).toBeNull();
  });

  it('accepts X-API-Key and Authorization: Bearer, any configured key', async () => {
    for (const headers of [
      { 'x-api-key': KEY },
      { authorization: `Bearer ${KEY}` },
      { 'x-api-key': 'second-key' },
    ]) {
      const response = await t.app.inject({ method: 'GET', url: '/accounts', headers });
      expect(response.statusCode).toBe(200);
    }
  });

  it('leaves /ping, /healthz, /readyz and the docs open', async () => {
    for (const url of ['/ping', '/healthz', '/readyz', '/docs/json', '/docs/']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
    }
  });

  it('keeps /metrics and unknown routes behind the key', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(401);
    const withKey = await t.app.inject({ method: 'GET', url: '/nope', headers: { 'x-api-key': KEY } });
    expect(withKey.statusCode).toBe(404);
  });
});

describe('Bull Board', () => {
  it('is behind the API key at /admin/queues', async () => {
    const denied = await t.app.inject({ method: 'GET', url: '/admin/queues' });
    expect(denied.statusCode).toBe(401);
    const page = await t.app.inject({ method: 'GET', url: '/admin/queues', headers: { 'x-api-key': KEY } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('lists every queue, all shard queues included', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { 'x-api-key': KEY },
    });
    expect(response.statusCode).toBe(200);
    const names = (response.json().queues as { name: string }[]).map((queue) => queue.name).sort();
    expect(names).toEqual(allQueueNames(t.config.SHARDS).sort());
  });
});

describe('metrics', () => {
  it('exposes request durations by route pattern, never account ids', async () => {
    await t.app.inject({ method: 'GET', url: '/accounts/secret-account-id', headers: { 'x-api-key': KEY } });
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-api-key': KEY } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('http_request_duration_seconds_bucket');
    expect(response.body).toContain('route="/accounts/:accountId"');
    expect(response.body).not.toContain('secret-account-id');
  });

  it('exposes depth per queue and state and the age of the oldest waiting job', async () => {
    // Nothing consumes control queues in this file: the job stays waiting.
    await t.app.queues
      .get('control-03')
      .add('control', { accountId: 'x', action: 'connect' }, { jobId: 'age-probe' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-api-key': KEY } });
    expect(response.body).toContain('wildcat_queue_jobs{queue="control-03",state="waiting"} 1');
    expect(response.body).toContain('wildcat_queue_jobs{queue="send-00",state="waiting"} 0');
    const age = /wildcat_queue_oldest_waiting_age_seconds\{queue="control-03"\} ([\d.]+)/.exec(response.body);
    expect(Number(age?.[1])).toBeGreaterThanOrEqual(1);
    expect(response.body).toContain('wildcat_queue_oldest_waiting_age_seconds{queue="send-00"} 0');
    await t.app.queues.get('control-03').remove('age-probe');
  });
});

describe('bind address', () => {
  it('binds loopback only when no API key is set, unless explicitly allowed', () => {
    expect(bindHost({ HOST: '0.0.0.0', API_KEYS: [], ALLOW_UNAUTHENTICATED: false }).host).toBe('127.0.0.1');
    expect(bindHost({ HOST: '0.0.0.0', API_KEYS: [], ALLOW_UNAUTHENTICATED: false }).warning).toMatch(
      /API_KEYS/,
    );
    expect(bindHost({ HOST: '0.0.0.0', API_KEYS: [], ALLOW_UNAUTHENTICATED: true }).host).toBe('0.0.0.0');
    expect(bindHost({ HOST: '0.0.0.0', API_KEYS: ['k'], ALLOW_UNAUTHENTICATED: false })).toEqual({
      host: '0.0.0.0',
    });
    expect(bindHost({ HOST: '127.0.0.1', API_KEYS: [], ALLOW_UNAUTHENTICATED: false }).host).toBe(
      '127.0.0.1',
    );
  });
});

describe('logs', () => {
  it('carry request ids and never the API key', async () => {
    const lines: string[] = [];
    const logged = await buildTestApp({
      services: t.services,
      env: { API_KEYS: KEY, LOG_LEVEL: 'info' },
      logs: { write: (line: string) => void lines.push(line) },
    });
    try {
      await logged.app.inject({
        method: 'GET',
        url: '/accounts',
        headers: { 'x-api-key': KEY, 'x-request-id': 'req-42' },
      });
      await logged.app.inject({
        method: 'GET',
        url: '/accounts',
        headers: { authorization: `Bearer ${KEY}` },
      });
      await logged.app.inject({ method: 'GET', url: '/accounts', headers: { 'x-api-key': `${KEY}-wrong` } });
    } finally {
      await logged.close();
    }
    const text = lines.join('');
    expect(text).toContain('"reqId":"req-42"');
    expect(text).not.toContain(KEY);
  });
});
