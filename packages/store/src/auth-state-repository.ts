import type { Collection, Db } from 'mongodb';
import { decodeBufferJson, encodeBufferJson } from './buffer-json.js';
import { StaleEpochError } from './errors.js';
import { isSafeCollectionName } from './names.js';

interface AuthDoc {
  _id: string;
  /** BufferJSON text: keeps Buffers exact and stores strings (e.g. lid-mapping) as plain values. */
  value: string;
  epoch: number;
  updatedAt: Date;
}

interface FenceDoc {
  _id: '__fence';
  epoch: number;
}

const FENCE_ID = '__fence';

/** Keys of one signal key type to set; `null` deletes that key. */
export type KeyWrites = Record<string, Record<string, unknown | null>>;

export type AuthStateRepository = ReturnType<typeof createAuthStateRepository>;

/** An account's auth state as one lease epoch's holder reads and writes it. */
export interface EpochBoundAuthState {
  readCreds<T>(): Promise<T | undefined>;
  writeCreds(creds: unknown): Promise<void>;
  readKeys<T>(type: string, ids: readonly string[]): Promise<Record<string, T>>;
  writeKeys(writes: KeyWrites): Promise<void>;
  clear(): Promise<void>;
}

/**
 * Baileys auth state for one account in its own collection: `creds` and `<type>-<id>` documents.
 * Every write carries the writer's lease epoch; once a newer epoch has written, older writers
 * get StaleEpochError, so a worker that lost its shard cannot corrupt the new owner's keys.
 */
export function createAuthStateRepository(db: Db, collectionName: string) {
  if (!isSafeCollectionName(collectionName))
    throw new Error(`unsafe auth collection name: ${collectionName}`);
  const docs = db.collection<AuthDoc>(collectionName);
  const fence = docs as unknown as Collection<FenceDoc>;

  async function claim(epoch: number): Promise<void> {
    const after = await fence.findOneAndUpdate(
      { _id: FENCE_ID },
      { $max: { epoch } },
      { upsert: true, returnDocument: 'after' },
    );
    const current = after?.epoch ?? epoch;
    if (current > epoch) throw new StaleEpochError(collectionName, epoch, current);
  }

  return {
    collectionName,

    async readCreds<T>(): Promise<T | undefined> {
      const doc = await docs.findOne({ _id: 'creds' });
      return doc ? decodeBufferJson<T>(doc.value) : undefined;
    },

    async writeCreds(creds: unknown, epoch: number): Promise<void> {
      await claim(epoch);
      await docs.updateOne(
        { _id: 'creds' },
        { $set: { value: encodeBufferJson(creds), epoch, updatedAt: new Date() } },
        { upsert: true },
      );
    },

    /** Values by id for one key type; missing ids are absent from the result. */
    async readKeys<T>(type: string, ids: readonly string[]): Promise<Record<string, T>> {
      const found = await docs.find({ _id: { $in: ids.map((id) => `${type}-${id}`) } }).toArray();
      const result: Record<string, T> = {};
      for (const doc of found) result[doc._id.slice(type.length + 1)] = decodeBufferJson<T>(doc.value);
      return result;
    },

    async writeKeys(writes: KeyWrites, epoch: number): Promise<void> {
      const operations = Object.entries(writes).flatMap(([type, byId]) =>
        Object.entries(byId).map(([id, value]) => {
          const _id = `${type}-${id}`;
          return value === null || value === undefined
            ? { deleteOne: { filter: { _id } } }
            : {
                updateOne: {
                  filter: { _id },
                  update: { $set: { value: encodeBufferJson(value), epoch, updatedAt: new Date() } },
                  upsert: true,
                },
              };
        }),
      );
      if (operations.length === 0) return;
      await claim(epoch);
      await docs.bulkWrite(operations, { ordered: false });
    },

    /** Wipes credentials and keys (logout); the fence stays so stale writers remain fenced. */
    async clear(epoch: number): Promise<void> {
      await claim(epoch);
      await docs.deleteMany({ _id: { $ne: FENCE_ID } });
    },

    async hasCreds(): Promise<boolean> {
      return (await docs.countDocuments({ _id: 'creds' }, { limit: 1 })) > 0;
    },

    /**
     * The reads and fenced writes bound to one lease epoch: the shape an engine's auth adapter
     * takes. `onStale` turns StaleEpochError into the caller's own error type.
     */
    bind(epoch: number, onStale: (error: StaleEpochError) => Error): EpochBoundAuthState {
      const fenced = <T>(write: Promise<T>): Promise<T> =>
        write.catch((error: unknown) => {
          throw error instanceof StaleEpochError ? onStale(error) : error;
        });
      return {
        readCreds: <T>() => this.readCreds<T>(),
        writeCreds: (creds) => fenced(this.writeCreds(creds, epoch)),
        readKeys: <T>(type: string, ids: readonly string[]) => this.readKeys<T>(type, ids),
        writeKeys: (writes) => fenced(this.writeKeys(writes, epoch)),
        clear: () => fenced(this.clear(epoch)),
      };
    },

    async drop(): Promise<void> {
      // The driver already treats a missing collection as dropped; anything else is a real failure.
      await docs.drop();
    },
  };
}
