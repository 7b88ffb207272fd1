import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { AccountDoc } from './accounts-repository.js';
import { BulkWriteBatch } from './bulk-write-batch.js';

export interface Identity {
  jid?: string;
  pushName?: string;
  /** The WhatsApp engine whose credentials the account holds (`baileys`, `sandbox`). */
  engine?: string;
}

/**
 * Records each account's own JID and push name once it opens. A cold start or takeover opens
 * hundreds of accounts a second, and one updateOne each cost more worker CPU (driver) and MongoDB
 * time than the connect itself: the writes of one round trip go out as one unordered bulkWrite
 * instead, and writes that arrive meanwhile wait for the next. The newest identity of an account
 * wins. Best effort, as before: a failed batch is logged and the next open writes it again.
 */
export class IdentityWrites {
  private readonly batch: BulkWriteBatch<AccountDoc, Identity>;

  constructor(accounts: Collection<AccountDoc>, onError?: (error: unknown) => void) {
    this.batch = new BulkWriteBatch({ collection: accounts, operation: identityUpdate, onError });
  }

  /** Resolves once the batch carrying this write has been answered (or failed). */
  write(accountId: string, identity: Identity): Promise<void> {
    return this.batch.write(accountId, identity);
  }
}

function identityUpdate(accountId: string, identity: Identity): AnyBulkWriteOperation<AccountDoc> {
  return {
    updateOne: {
      filter: { _id: { $eq: accountId } },
      update: {
        $set: {
          updatedAt: new Date(),
          ...(identity.jid !== undefined ? { jid: identity.jid } : {}),
          ...(identity.pushName !== undefined ? { pushName: identity.pushName } : {}),
          ...(identity.engine !== undefined ? { engine: identity.engine } : {}),
        },
      },
    },
  };
}
