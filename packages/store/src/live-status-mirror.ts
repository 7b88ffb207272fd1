import type { AnyBulkWriteOperation, Collection, Filter } from 'mongodb';
import type { AccountDoc } from './accounts-repository.js';

/** An account's live bucket as last mirrored from its status in Redis (AccountDoc.live). */
export interface LiveMirror {
  /** The fleet bucket (connected, needs_qr, …): what the accounts table filters on. */
  status: string;
  /** The writer's shard-lease epoch. */
  epoch: number;
  /** The status record's lastUpdate, ms since epoch. */
  at: number;
}

interface Pending {
  live: LiveMirror;
  done: Array<() => void>;
}

const MAX_BATCH = 500;

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
  private pending = new Map<string, Pending>();
  private flushing = false;

  constructor(
    private readonly accounts: Collection<AccountDoc>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Resolves once the batch carrying this write has been answered (or failed). */
  write(accountId: string, live: LiveMirror): Promise<void> {
    return new Promise<void>((resolve) => {
      const entry = this.pending.get(accountId);
      if (entry && entry.live.at <= live.at) entry.live = live;
      if (entry) entry.done.push(resolve);
      else this.pending.set(accountId, { live, done: [resolve] });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending].slice(0, MAX_BATCH);
      for (const [accountId] of batch) this.pending.delete(accountId);
      const operations: AnyBulkWriteOperation<AccountDoc>[] = batch.map(([accountId, { live }]) => ({
        updateOne: { filter: mirrorFence(accountId, live), update: { $set: { live } } },
      }));
      try {
        await this.accounts.bulkWrite(operations, { ordered: false });
      } catch (error) {
        this.onError(error);
      }
      for (const [, { done }] of batch) for (const resolve of done) resolve();
    }
    this.flushing = false;
  }
}
