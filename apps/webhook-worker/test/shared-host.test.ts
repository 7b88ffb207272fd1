import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, uniqueId } from './support/events.js';
import { type Infrastructure, startInfrastructure } from './support/harness.js';
import { type Receiver, type Reply, startReceiver } from './support/receiver.js';

/**
 * Two tenants whose subscriptions point at the same host (a shared SaaS receiver): one tenant's
 * URL fails or stalls, the other's answers at once. The breaker and the per-endpoint slots are
 * keyed by subscription, so the failing tenant must not delay the other (issue 23 item 7).
 */
let infra: Infrastructure;
let host: Receiver;
let troubled = '';
let mode: 'fail' | 'stall' = 'fail';
const SETTINGS = {
  WEBHOOK_TIMEOUT_MS: '4000',
  WEBHOOK_CONCURRENCY: '8',
  WEBHOOK_ENDPOINT_CONCURRENCY: '2',
  WEBHOOK_BREAKER_FAILURES: '2',
  WEBHOOK_BREAKER_COOLDOWN_MS: '20000',
  WEBHOOK_BACKOFF_BASE_MS: '200',
  WEBHOOK_MAX_ATTEMPTS: '10',
};

beforeAll(async () => {
  infra = await startInfrastructure();
  host = await startReceiver((request): Reply => {
    const accountId = (JSON.parse(request.body) as { accountId?: string }).accountId;
    if (accountId !== troubled) return { status: 200 };
    return mode === 'fail' ? { status: 500 } : { status: 200, delayMs: 'never' };
  });
});
afterAll(async () => {
  await infra.close();
  await host.close();
});

/** ms until all `count` deliveries of `accountId` reached the shared host. */
async function deliverAll(accountId: string, count: number): Promise<number> {
  const delivered = () => host.requests.filter((r) => r.body.includes(`"accountId":"${accountId}"`)).length;
  const started = Date.now();
  await Promise.all(Array.from({ length: count }, () => infra.publish(messageEvent(accountId))));
  await waitFor(() => delivered() >= count, {
    what: `${count} deliveries to ${accountId}`,
    timeoutMs: 30_000,
  });
  return Date.now() - started;
}

describe('one tenant at a shared host cannot delay another tenant there', () => {
  for (const which of ['fail', 'stall'] as const) {
    it(`a ${which === 'fail' ? 'failing (500)' : 'stalling'} subscription leaves the other's deliveries as fast as alone`, {
      timeout: 90_000,
    }, async () => {
      mode = which;
      const runtime = await infra.startRuntime(SETTINGS);
      troubled = uniqueId('trouble');
      const victim = uniqueId('victim');
      const alone = uniqueId('alone');
      // Same origin, different paths: what a multi-tenant receiver hands its customers.
      await runtime.subscribe({ accountId: troubled, url: `${host.url}/${troubled}` });
      await runtime.subscribe({ accountId: victim, url: `${host.url}/${victim}` });
      await runtime.subscribe({ accountId: alone, url: `${host.url}/${alone}` });

      const baseline = await deliverAll(alone, 30);
      await Promise.all(Array.from({ length: 30 }, () => infra.publish(messageEvent(troubled))));
      await waitFor(() => host.requests.some((r) => r.body.includes(troubled)), { what: 'troubled reached' });
      if (which === 'fail') {
        // Its breaker opens after two failures in a row.
        await waitFor(
          async () => /wildcat_webhook_open_breakers 1/.test(await runtime.metrics.registry.metrics()),
          { what: 'breaker open', timeoutMs: 15_000 },
        );
      }
      const underTrouble = await deliverAll(victim, 30);
      console.log(
        `shared host, ${which}: 30 deliveries alone ${baseline} ms, next to the troubled tenant ${underTrouble} ms`,
      );
      // Before: the host's breaker (open for 20 s) or its two slots (held for the 4 s timeout)
      // were the victim's too.
      expect(underTrouble).toBeLessThan(Math.max(2_000, baseline * 4));
      await runtime.close();
    });
  }
});
