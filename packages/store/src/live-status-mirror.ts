import type { Collection, Filter } from 'mongodb';
import type { AccountDoc } from './accounts-repository.js';
import { BulkWriteBatch } from './bulk-write-batch.js';

/** An account's live bucket as last mirrored from its status in Redis (AccountDoc.live). */
export interface LiveMirror {
  /** The fleet bucket (connected, needs_qr, …): what the accounts table filters on. */
  status: string;
  /** The writer's shard-lease epoch. */
  epoch: number;
  /** The status record's lastUpdate, ms since epoch. */
  at: number;
}

/**
 * Applies unless the stored mirror is older on both counts: a newer lease epoch wins (a new owner
 * whose clock lags), and so does a newer timestamp (lease epochs restart after a Redis that lost
 * its data). Only a late write of a worker that lost the shard is older on both, and it loses.
 */
export function mirrorFence(id: string, live: LiveMirror): Filter<AccountDoc> {
  return {
    _id: { $eq: id },
    $or: [
      { live: { $exists: false } },
      { 'live.epoch': { $lt: live.epoch } },
      { 'live.at': { $lte: live.at } },
    ],
  };
}

/**
 * Mirrors each account's live bucket from Redis into its document, so the accounts table filters
 * by status on an index instead of reading 10,000 statuses from Redis per page. Batched like
 * IdentityWrites (a takeover changes hundreds of statuses a second): the newest write of an account
 * wins, one unordered bulkWrite per round trip. Best effort: a lost batch is logged, and the
 * gateway repairs what it finds out of date on the pages it serves.
 */
export class LiveStatusMirror {
  private readonly batch: BulkWriteBatch<AccountDoc, LiveMirror>;

  constructor(accounts: Collection<AccountDoc>, onError?: (error: unknown) => void) {
    this.batch = new BulkWriteBatch({
      collection: accounts,
      operation: (accountId, live) => ({
        updateOne: { filter: mirrorFence(accountId, live), update: { $set: { live } } },
      }),
      // Of two writes queued for one account the one with the newer status time goes out.
      keep: (queued, next) => (queued.at <= next.at ? next : queued),
      onError,
    });
  }

  /** Resolves once the batch carrying this write has been answered (or failed). */
  write(accountId: string, live: LiveMirror): Promise<void> {
    return this.batch.write(accountId, live);
  }
}
