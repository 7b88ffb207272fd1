import { TrafficCounter, writeStatus } from '@wildcat/redis-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};
const sum = (values: number[]) => values.reduce((x, y) => x + y, 0);

describe('GET /fleet/traffic', () => {
  it('answers the workers’ counts per second over 15 minutes, and the worst webhooks with their breaker', async () => {
    await t.store.accounts.create({ id: 'shop-1' });
    const { webhook: failing } = await t.store.webhooks.createOrGet({
      accountId: 'shop-1',
      url: 'https://hooks.example.com/in?token=s3cret',
      format: 'seed',
    });
    const { webhook: fine } = await t.store.webhooks.createOrGet({
      accountId: null,
      url: 'https://ok.example.com/all',
      format: 'seed',
    });
    // What a session worker and a webhook worker write as they work (the same class they use).
    const worker = new TrafficCounter(t.redis);
    worker.add('sent', 4);
    worker.add('received', 7);
    for (let i = 0; i < 3; i++) worker.webhookAttempt(failing._id.toHexString(), false);
    worker.webhookAttempt(failing._id.toHexString(), true);
    for (let i = 0; i < 5; i++) worker.webhookAttempt(fine._id.toHexString(), true);
    await worker.flush();
    await worker.breakerOpened(failing._id.toHexString(), Date.now() + 60_000, 3);
    // A webhook deleted since its failures is left out: nothing left to fix.
    worker.webhookAttempt('65a000000000000000000000', false);
    await worker.flush();

    // The newest seconds are still filling (and the answer is cached 2 s): wait for them.
    let body: Record<string, unknown> & {
      series: Record<string, number[]>;
      webhooks: Record<string, unknown>[];
    } = { series: {}, webhooks: [] };
    await expect
      .poll(
        async () => {
          const answer = await get('/fleet/traffic');
          expect(answer.status).toBe(200);
          body = answer.body;
          return sum(body.series.sent ?? []);
        },
        { timeout: 10_000, interval: 250 },
      )
      .toBe(4);
    expect(body.stepSeconds).toBe(1);
    expect(body.series.sent).toHaveLength(900);
    expect(Date.now() - Date.parse(body.start as string)).toBeGreaterThan(899_000);
    expect(sum(body.series.received ?? [])).toBe(7);
    expect(sum(body.series.webhookOk ?? [])).toBe(6);
    expect(sum(body.series.webhookFailed ?? [])).toBe(4);
    expect(body.webhooks).toEqual([
      {
        webhookId: failing._id.toHexString(),
        accountId: 'shop-1',
        url: 'https://hooks.example.com/in',
        enabled: true,
        ok: 1,
        failed: 3,
        failureRate: 0.75,
        breaker: 'open',
        breakerOpenUntil: expect.any(String),
      },
    ]);
  });

  it('says Redis is unavailable rather than showing no traffic', async () => {
    const other = await buildTestApp();
    try {
      await other.services.redisServer.destroy();
      await expect.poll(() => other.redis.status, { timeout: 10_000 }).not.toBe('ready');
      const response = await other.app.inject({ method: 'GET', url: '/fleet/traffic' });
      expect(response.statusCode).toBe(503);
      expect(response.json().ok).toBe(false);
    } finally {
      await other.close().catch(() => {});
    }
  });
});

describe('GET /fleet/summary cache', () => {
  it('serves every poll within 2 s from one read, then reads again', async () => {
    const first = await get('/fleet/summary');
    const connected = first.body.accounts.counts.connected as number;
    await writeStatus(t.redis, 'shop-1', { status: 'connected', epoch: 1 });
    const soon = await get('/fleet/summary');
    expect(soon.body.time).toBe(first.body.time);
    expect(soon.body.accounts.counts.connected).toBe(connected);
    await expect
      .poll(async () => (await get('/fleet/summary')).body.accounts.counts.connected, {
        timeout: 5_000,
        interval: 250,
      })
      .toBe(connected + 1);
  });
});
