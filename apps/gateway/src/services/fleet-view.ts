import { FLEET_STATUSES, type FleetStatus, fleetStatusOf, type StatusBrief } from '@wildcat/redis-bus';
import type { QueueSample } from './queue-metrics.js';

// The buckets live with the status record: the session worker mirrors them into the store.
export { FLEET_STATUSES, type FleetStatus, fleetStatusOf } from '@wildcat/redis-bus';

/** Reconnecting for longer than this is an alert ("stuck"), not a blip. */
export const STUCK_RECONNECTING_MS = 2 * 60_000;

export interface FleetCounts {
  counts: Record<FleetStatus, number>;
  total: number;
  loggedOut: string[];
  stuckReconnecting: string[];
}

/** Counts every account by bucket and collects the ones an operator must act on (first 50 each). */
export function countFleet(
  ids: readonly string[],
  live: Map<string, StatusBrief>,
  now = Date.now(),
): FleetCounts {
  const counts = Object.fromEntries(FLEET_STATUSES.map((status) => [status, 0])) as Record<
    FleetStatus,
    number
  >;
  const loggedOut: string[] = [];
  const stuckReconnecting: string[] = [];
  for (const id of ids) {
    const record = live.get(id);
    const status = fleetStatusOf(record);
    counts[status] += 1;
    if (status === 'logged_out' && loggedOut.length < 50) loggedOut.push(id);
    if (
      status === 'reconnecting' &&
      record &&
      now - record.lastUpdate > STUCK_RECONNECTING_MS &&
      stuckReconnecting.length < 50
    )
      stuckReconnecting.push(id);
  }
  return { counts, total: ids.length, loggedOut, stuckReconnecting };
}

export interface QueueFamily {
  family: string;
  queues: number;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingSeconds: number;
}

/** Per-shard queues (`send-03`) summed into their family (`send`). */
export function queueFamilies(samples: readonly QueueSample[]): QueueFamily[] {
  const families = new Map<string, QueueFamily>();
  for (const sample of samples) {
    const family = sample.queue.replace(/-\d+$/, '');
    const entry = families.get(family) ?? {
      family,
      queues: 0,
      waiting: 0,
      active: 0,
      delayed: 0,
      failed: 0,
      oldestWaitingSeconds: 0,
    };
    entry.queues += 1;
    entry.waiting += (sample.counts.waiting ?? 0) + (sample.counts.prioritized ?? 0);
    entry.active += sample.counts.active ?? 0;
    entry.delayed += sample.counts.delayed ?? 0;
    entry.failed += sample.counts.failed ?? 0;
    entry.oldestWaitingSeconds = Math.max(entry.oldestWaitingSeconds, sample.oldestAgeSeconds);
    families.set(family, entry);
  }
  return [...families.values()].sort((a, b) => a.family.localeCompare(b.family));
}
