import { FLEET_STATUSES, fleetStatusOf, type StatusWrite, writeStatus } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';
import type { Collection } from 'mongodb';

export const benchAccountId = (index: number) => `acct-${String(index).padStart(5, '0')}`;

/** Five buckets in turn (connected, connecting, needs_qr, logged_out, never started). */
function statusOf(index: number): StatusWrite | undefined {
  switch (index % 5) {
    case 0:
      return { status: 'connected', epoch: 1 };
    case 1:
      return { status: 'connecting', epoch: 1 };
    case 2:
      return { status: 'connecting', epoch: 1, qr: '2@qr' };
    case 3:
      return { status: 'logged_out', epoch: 1 };
    default:
      return undefined;
  }
}

/**
 * `accounts` documents inserted straight into the collection, with their live statuses written to
 * Redis as a session worker writes them and each bucket mirrored into the document as the worker's
 * LiveStatusMirror leaves it. Resolves how many accounts each bucket holds.
 */
export async function seedAccounts(
  collection: Collection,
  redis: Redis,
  accounts: number,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(FLEET_STATUSES.map((status) => [status, 0]));
  for (let start = 0; start < accounts; start += 1_000) {
    const docs = [];
    const writes: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(accounts, start + 1_000); index++) {
      const id = benchAccountId(index);
      const at = new Date(Date.UTC(2026, 0, 1) + index * 1_000);
      const status = statusOf(index);
      const bucket = fleetStatusOf(status);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
      docs.push({
        _id: id,
        name: `Shop ${index}`,
        collectionName: `auth_${id}`,
        desiredState: 'disconnected',
        createdAt: at,
        updatedAt: at,
        ...(status ? { live: { status: bucket, epoch: 1, at: at.getTime() } } : {}),
      });
      if (status) writes.push(writeStatus(redis, id, { ...status, lastUpdate: at.getTime() }));
    }
    await Promise.all([collection.insertMany(docs as never[]), ...writes]);
  }
  return counts;
}
