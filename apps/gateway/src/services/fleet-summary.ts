import type { Store } from '@wildcat/store';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { countFleet, queueFamilies } from './fleet-view.js';
import { liveStatusBriefs } from './live-status.js';
import { readQueues } from './queue-metrics.js';
import { ttlCache } from './ttl-cache.js';

/**
 * How long one fleet-wide read serves every caller of this gateway. The overview polls every
 * 2 s; at 10,000 accounts one read is 10,000 status briefs, so many open consoles must share it.
 */
export const FLEET_SUMMARY_CACHE_MS = 2_000;

export interface FleetSummaryDeps {
  store: Pick<Store, 'accountSearch'>;
  redis: Redis;
  queues: () => Queue[];
}

/** The summary GET /fleet/summary answers: counts by status, alerts, queue families. */
export function fleetSummaryReader(deps: FleetSummaryDeps, cacheMs = FLEET_SUMMARY_CACHE_MS) {
  return ttlCache(async () => {
    // Projection-only ids, then one pipelined read of two fields and the QR's length per account.
    const ids = await deps.store.accountSearch.allIds();
    const [live, samples] = await Promise.all([liveStatusBriefs(deps.redis, ids), readQueues(deps.queues())]);
    const fleet = countFleet(ids, live);
    return {
      ok: true as const,
      time: new Date().toISOString(),
      accounts: { total: fleet.total, counts: fleet.counts },
      alerts: { loggedOut: fleet.loggedOut, stuckReconnecting: fleet.stuckReconnecting },
      queues: queueFamilies(samples),
    };
  }, cacheMs);
}
