import { readTraffic, readWebhookHealth } from '@wildcat/redis-bus';
import type { Store } from '@wildcat/store';
import type { Redis } from 'ioredis';
import { ObjectId } from 'mongodb';
import { FLEET_SUMMARY_CACHE_MS } from './fleet-summary.js';
import { ttlCache } from './ttl-cache.js';

export interface FleetTrafficDeps {
  store: Pick<Store, 'webhooks'>;
  redis: Redis;
}

/** A webhook URL without its query string, which may carry a token. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}

/** What GET /fleet/traffic answers: the per-second series and the worst webhooks, cached. */
export function fleetTrafficReader(deps: FleetTrafficDeps, cacheMs = FLEET_SUMMARY_CACHE_MS) {
  return ttlCache(async () => {
    const [traffic, health] = await Promise.all([readTraffic(deps.redis), readWebhookHealth(deps.redis)]);
    const docs = await Promise.all(
      health.map((h) => (ObjectId.isValid(h.webhookId) ? deps.store.webhooks.get(h.webhookId) : null)),
    );
    const webhooks = health.flatMap((h, index) => {
      const doc = docs[index];
      // A webhook deleted since its failures: nothing left to fix.
      if (!doc) return [];
      return [
        {
          webhookId: h.webhookId,
          accountId: doc.accountId,
          url: shownUrl(doc.url),
          enabled: doc.enabled,
          ok: h.ok,
          failed: h.failed,
          failureRate: Math.round(h.failureRate * 1000) / 1000,
          breaker: h.breaker,
          ...(h.breakerOpenUntil ? { breakerOpenUntil: new Date(h.breakerOpenUntil).toISOString() } : {}),
        },
      ];
    });
    return {
      ok: true as const,
      start: new Date(traffic.start * 1000).toISOString(),
      stepSeconds: 1 as const,
      series: traffic.series,
      webhooks,
    };
  }, cacheMs);
}
