import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { AccountDoc } from './accounts-repository.js';

export interface Identity {
  jid?: string;
  pushName?: string;
  /** The WhatsApp engine whose credentials the account holds (`baileys`, `sandbox`). */
  engine?: string;
}

interface Pending {
  identity: Identity;
  done: Array<() => void>;
}

const MAX_BATCH = 500;

/**
 * Records each account's own JID and push name once it opens. A cold start or takeover opens
 * hundreds of accounts a second, and one updateOne each cost more worker CPU (driver) and MongoDB
 * time than the connect itself: the writes of one round trip go out as one unordered bulkWrite
 * instead, and writes that arrive meanwhile wait for the next. The newest identity of an account
 * wins. Best effort, as before: a failed batch is logged and the next open writes it again.
 */
export class IdentityWrites {
  private pending = new Map<string, Pending>();
  private flushing = false;

  constructor(
    private readonly accounts: Collection<AccountDoc>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Resolves once the batch carrying this write has been answered (or failed). */
  write(accountId: string, identity: Identity): Promise<void> {
    return new Promise<void>((resolve) => {
      const entry = this.pending.get(accountId);
      if (entry) {
        entry.identity = identity;
        entry.done.push(resolve);
      } else this.pending.set(accountId, { identity, done: [resolve] });
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
      const updatedAt = new Date();
      const operations: AnyBulkWriteOperation<AccountDoc>[] = batch.map(([accountId, { identity }]) => ({
        updateOne: {
          filter: { _id: { $eq: accountId } },
          update: {
            $set: {
              updatedAt,
              ...(identity.jid !== undefined ? { jid: identity.jid } : {}),
              ...(identity.pushName !== undefined ? { pushName: identity.pushName } : {}),
              ...(identity.engine !== undefined ? { engine: identity.engine } : {}),
            },
          },
        },
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
