import { startDevdb } from '@wildcat/devdb';
import { waitFor } from '@wildcat/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAppWithWorker } from './helpers/build-test-app.js';

const TO = '919876543210@s.whatsapp.net';
const { t } = useAppWithWorker({ account: 'mybot' });
let base: string;

beforeAll(async () => {
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});

async function timed(path: string, init?: RequestInit) {
  const started = Date.now();
  const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  return { response, body: await response.json(), ms: Date.now() - started };
}

const send = () =>
  timed('/accounts/mybot/message/send', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: TO, message: 'hello' }),
  });

async function expectRedisDownAnswers() {
  const failed = await send();
  expect(failed.response.status).toBe(503);
  expect(failed.response.headers.get('retry-after')).toBe('5');
  expect(failed.body).toEqual({ ok: false, error: 'Service unavailable: redis is unreachable' });
  expect(failed.ms).toBeLessThan(3_000);

  const list = await timed('/accounts');
  expect(list.response.status).toBe(503);
  expect(list.body).toEqual({ ok: false, error: 'Service unavailable: redis is unreachable' });
  expect(list.ms).toBeLessThan(3_000);

  const ready = await timed('/readyz');
  expect(ready.response.status).toBe(503);
  expect(ready.response.headers.get('retry-after')).toBe('5');
  expect(ready.body).toEqual({ ok: false, error: 'not ready', redis: 'down', mongodb: 'up' });
  expect((await timed('/healthz')).response.status).toBe(200);
  // Reads that need only MongoDB keep working.
  expect((await timed('/accounts/mybot/chats')).response.status).toBe(200);
}

describe('Redis down', () => {
  it('answers 503 with Retry-After at once, never hangs, and recovers after Redis restarts', async () => {
    expect((await send()).response.status).toBe(200);
    await t.services.redisServer.stop();
    try {
      await expectRedisDownAnswers();
    } finally {
      await t.services.redisServer.start();
    }
    await waitFor(async () => (await timed('/readyz')).response.status === 200, { timeoutMs: 15_000 });
    const recovered = await waitFor(
      async () => {
        const attempt = await send();
        return attempt.response.status === 200 ? attempt : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(recovered.body).toEqual({ ok: true, messageId: expect.any(String) });
  });
});

describe('MongoDB down', () => {
  it('answers 503 within the MongoDB timeout, and readyz says which one is down', async () => {
    const port = t.services.devdb.port;
    await t.services.devdb.close();
    const list = await timed('/accounts');
    expect(list.response.status).toBe(503);
    expect(list.response.headers.get('retry-after')).toBe('5');
    expect(list.body).toEqual({ ok: false, error: 'Service unavailable: mongodb is unreachable' });
    expect(list.ms).toBeLessThan(5_000);
    const ready = await timed('/readyz');
    expect(ready.body).toMatchObject({ ok: false, redis: 'up', mongodb: 'down' });

    // A new devdb on the same port (empty): the gateway serves again without a restart.
    t.services.devdb = await startDevdb({ port, quiet: true });
    await waitFor(async () => (await timed('/accounts')).response.status === 200, {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
  });
});
