import { connectRedis, readTraffic, readWebhookHealth } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, uniqueId } from './support/events.js';
import { type Infrastructure, startInfrastructure } from './support/harness.js';
import { type Receiver, startReceiver } from './support/receiver.js';

let infra: Infrastructure;
let dead: Receiver;
let healthy: Receiver;

beforeAll(async () => {
  infra = await startInfrastructure();
  dead = await startReceiver(() => ({ status: 200, delayMs: 'never' }));
  healthy = await startReceiver(() => ({ status: 200 }));
});
afterAll(async () => {
  await infra.close();
  await Promise.all([dead.close(), healthy.close()]);
});

describe('per-endpoint isolation', () => {
  it('a hanging endpoint opens its breaker and does not slow deliveries to others', {
    timeout: 60_000,
  }, async () => {
    const runtime = await infra.startRuntime({
      WEBHOOK_TIMEOUT_MS: '6000',
      WEBHOOK_CONCURRENCY: '6',
      WEBHOOK_ENDPOINT_CONCURRENCY: '2',
      WEBHOOK_BREAKER_FAILURES: '2',
      WEBHOOK_BREAKER_COOLDOWN_MS: '20000',
      WEBHOOK_MAX_ATTEMPTS: '10',
    });
    const deadAccount = uniqueId('dead');
    const liveAccount = uniqueId('live');
    const deadHook = await runtime.subscribe({ accountId: deadAccount, url: dead.url });
    const liveHook = await runtime.subscribe({ accountId: liveAccount, url: healthy.url });

    // The dead endpoint's events are queued first; without a per-endpoint cap they would take
    // all six worker slots for the 6 s timeout, again and again.
    await Promise.all(Array.from({ length: 30 }, () => infra.publish(messageEvent(deadAccount))));
    await waitFor(() => dead.requests.length >= 2, { what: 'dead endpoint reached' });
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => infra.publish(messageEvent(liveAccount))));
    await waitFor(() => healthy.requests.length === 30, { what: '30 healthy deliveries', timeoutMs: 10_000 });
    const healthyDone = Date.now() - started;
    // Every healthy delivery finished while the dead endpoint's first requests still hung: none
    // of them waited for a slot the dead endpoint held.
    const before = await runtime.metrics.registry.metrics();
    expect(before).toMatch(/wildcat_webhook_deliveries_total\{outcome="retry"\} 0/);
    expect(healthyDone).toBeLessThan(6_000);

    // The first two timeouts open the breaker; from then on the dead endpoint's jobs are
    // rescheduled without an attempt instead of occupying slots.
    await waitFor(
      async () => /wildcat_webhook_open_breakers 1/.test(await runtime.metrics.registry.metrics()),
      { what: 'breaker open', timeoutMs: 15_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Two slots and two waiters at most reached the dead endpoint before the breaker opened.
    expect(dead.requests.length).toBeLessThanOrEqual(4);
    const metrics = await runtime.metrics.registry.metrics();
    const rescheduled = Number(
      /wildcat_webhook_deliveries_total\{outcome="rescheduled"\} (\d+)/.exec(metrics)?.[1],
    );
    expect(rescheduled).toBeGreaterThanOrEqual(26);
    // Rescheduling spends no attempts: only the requests that reached the endpoint count.
    const jobs = await infra.deliveries.getJobs(['delayed', 'wait', 'active', 'prioritized', 'failed']);
    const deadJobs = jobs.filter((job) => job.data.event.accountId === deadAccount);
    expect(deadJobs).toHaveLength(30);
    const spent = deadJobs.reduce((sum, job) => sum + job.attemptsMade, 0);
    expect(spent).toBeLessThanOrEqual(dead.requests.length);
    // The fleet console sees it too, from any gateway: the open breaker and the failures, through
    // Redis; the healthy webhook's 30 successes count as ok (it is not among the failing).
    const reader = await connectRedis(infra.redis.url, 'request');
    try {
      await waitFor(async () => (await readWebhookHealth(reader))[0]?.breaker === 'open', {
        what: 'breaker published',
        timeoutMs: 5_000,
      });
      const [worst, ...others] = await readWebhookHealth(reader);
      expect(worst).toMatchObject({ webhookId: deadHook._id.toHexString(), ok: 0, failureRate: 1 });
      expect(worst?.failed).toBeGreaterThanOrEqual(2);
      expect(others.map((h) => h.webhookId)).not.toContain(liveHook._id.toHexString());
      const traffic = await readTraffic(reader, 120, Date.now() + 2_000);
      expect(traffic.series.webhookOk.reduce((x, y) => x + y, 0)).toBe(30);
    } finally {
      reader.disconnect();
    }
    // Drop the hanging requests so the runtime's graceful close need not wait out their timeout.
    await dead.close();
    await runtime.close();
  });
});
