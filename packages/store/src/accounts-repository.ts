import type { Collection, Db } from 'mongodb';
import { AccountExistsError } from './errors.js';
import { IdentityWrites } from './identity-writes.js';
import { isDuplicateKey } from './is-duplicate-key.js';
import { type LiveMirror, LiveStatusMirror } from './live-status-mirror.js';
import { COLLECTIONS, defaultAuthCollection } from './names.js';

/** What the owner of an account wants: connected accounts come back after any restart. */
export type DesiredState = 'connected' | 'disconnected' | 'logged_out';

export interface AccountDoc {
  _id: string;
  name: string;
  collectionName: string;
  desiredState: DesiredState;
  createdAt: Date;
  updatedAt: Date;
  /** Per-account send rate override (messages per minute). */
  sendRatePerMinute?: number;
  /** Own JID and push name once paired. */
  jid?: string;
  pushName?: string;
  /**
   * The engine that paired it: its credentials are that engine's, and only that engine opens it
   * (a data directory started with another WA_ENGINE must not feed them to the wrong one).
   */
  engine?: string;
  /** Incoming calls are rejected at once (the `call` event still fires). */
  rejectCalls?: boolean;
  /** The live status bucket mirrored from Redis by its session worker; absent: never started. */
  live?: LiveMirror;
}

/** What `PATCH /accounts/:accountId` may change. */
export interface AccountSettings {
  name?: string;
  rejectCalls?: boolean;
}

export interface CreateAccountInput {
  id: string;
  name?: string;
  sendRatePerMinute?: number;
}

export interface Page {
  limit: number;
  skip: number;
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;

export function createAccountsRepository(db: Db) {
  const accounts: Collection<AccountDoc> = db.collection<AccountDoc>(COLLECTIONS.accounts);
  return {
    async create(input: CreateAccountInput): Promise<AccountDoc> {
      const now = new Date();
      const doc: AccountDoc = {
        _id: input.id,
        name: input.name ?? input.id,
        // Always derived: a chosen name could point at another account's credentials.
        collectionName: defaultAuthCollection(input.id),
        desiredState: 'connected',
        createdAt: now,
        updatedAt: now,
        ...(input.sendRatePerMinute ? { sendRatePerMinute: input.sendRatePerMinute } : {}),
      };
      try {
        await accounts.insertOne(doc);
      } catch (error) {
        if (isDuplicateKey(error)) throw new AccountExistsError(input.id);
        throw error;
      }
      return doc;
    },

    get(id: string): Promise<AccountDoc | null> {
      return accounts.findOne({ _id: { $eq: id } });
    },

    /** Oldest first, so pages stay stable while accounts are added. */
    list(page: Page = { limit: 1_000, skip: 0 }): Promise<AccountDoc[]> {
      return accounts.find({}).sort({ createdAt: 1, _id: 1 }).skip(page.skip).limit(page.limit).toArray();
    },

    count(): Promise<number> {
      return accounts.countDocuments({});
    },

    /** Ids of accounts whose owner wants them connected, for a worker taking over shards. */
    async idsWanting(state: DesiredState): Promise<string[]> {
      const docs = await accounts
        .find({ desiredState: { $eq: state } }, { projection: { _id: 1 } })
        .toArray();
      return docs.map((doc) => doc._id);
    },

    /** Every account whose owner wants it in `state`, for a worker starting its shards. */
    listWanting(state: DesiredState): Promise<AccountDoc[]> {
      return accounts.find({ desiredState: { $eq: state } }).toArray();
    },

    async setDesiredState(id: string, desiredState: DesiredState): Promise<boolean> {
      const result = await accounts.updateOne(
        { _id: { $eq: id } },
        { $set: { desiredState, updatedAt: new Date() } },
      );
      return result.matchedCount === 1;
    },

    /** One write for a selection (the fleet's bulk connect/disconnect); the ids must exist. */
    async setDesiredStates(ids: readonly string[], desiredState: DesiredState): Promise<void> {
      if (ids.length === 0) return;
      await accounts.updateMany(
        { _id: { $in: [...ids] } },
        { $set: { desiredState, updatedAt: new Date() } },
      );
    },

    /** Which of these ids are accounts (one indexed query, ids only). */
    async existing(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const docs = await accounts.find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } }).toArray();
      return new Set(docs.map((doc) => doc._id));
    },

    async setIdentity(
      id: string,
      identity: { jid?: string; pushName?: string; engine?: string },
    ): Promise<void> {
      const set: Partial<AccountDoc> = { updatedAt: new Date() };
      if (identity.jid !== undefined) set.jid = identity.jid;
      if (identity.pushName !== undefined) set.pushName = identity.pushName;
      if (identity.engine !== undefined) set.engine = identity.engine;
      await accounts.updateOne({ _id: { $eq: id } }, { $set: set });
    },

    /** Changes the owner's settings; resolves the updated account, or null when there is none. */
    updateSettings(id: string, settings: AccountSettings): Promise<AccountDoc | null> {
      const set: Partial<AccountDoc> = { updatedAt: new Date() };
      if (settings.name !== undefined) set.name = settings.name;
      if (settings.rejectCalls !== undefined) set.rejectCalls = settings.rejectCalls;
      return accounts.findOneAndUpdate({ _id: { $eq: id } }, { $set: set }, { returnDocument: 'after' });
    },

    /**
     * A writer of accounts' own JID and push name that batches the writes of many accounts opening
     * at once into one round trip (see IdentityWrites); best effort, failures go to `onError`.
     */
    identityWrites(onError?: (error: unknown) => void): IdentityWrites {
      return new IdentityWrites(accounts, onError);
    },

    /** The writer of accounts' live status buckets (see LiveStatusMirror); best effort. */
    liveStatusMirror(onError?: (error: unknown) => void): LiveStatusMirror {
      return new LiveStatusMirror(accounts, onError);
    },

    /** Whether an account other than `id` uses this auth collection (only data stored before names were derived). */
    async collectionSharedBeyond(id: string, collectionName: string): Promise<boolean> {
      const other = await accounts.findOne({ _id: { $ne: id }, collectionName: { $eq: collectionName } });
      return other !== null;
    },

    async remove(id: string): Promise<boolean> {
      const result = await accounts.deleteOne({ _id: { $eq: id } });
      return result.deletedCount === 1;
    },
  };
}
