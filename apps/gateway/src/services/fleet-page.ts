import { fleetStatusOf, type StatusRecord } from '@wildcat/redis-bus';
import type { AccountDoc, LiveStatusMirror } from '@wildcat/store';
import { accountView } from './account-view.js';

/**
 * The rows of one accounts-table page: each document joined with its live status from Redis (the
 * truth; the store's mirror may trail it by a batch). A row whose mirrored bucket disagrees with
 * Redis is written back through the mirror's fence (read repair), so a mirror write lost to a
 * failed batch, a worker killed between its two writes, or data from before the mirror existed
 * heals on the pages operators look at.
 */
export async function fleetRows(
  docs: readonly AccountDoc[],
  live: Map<string, StatusRecord>,
  mirror: Pick<LiveStatusMirror, 'write'>,
) {
  const repairs: Promise<void>[] = [];
  const rows = docs.map((doc) => {
    const record = live.get(doc._id);
    const fleetStatus = fleetStatusOf(record);
    if (record && doc.live?.status !== fleetStatus)
      repairs.push(
        mirror.write(doc._id, { status: fleetStatus, epoch: record.epoch, at: record.lastUpdate }),
      );
    return { ...accountView(doc, record), fleetStatus };
  });
  // Awaited (it never rejects; one batched write, and only when something differs): a repair
  // belongs to the request that saw the difference, so the next filtered page already counts it.
  await Promise.all(repairs);
  return rows;
}
