import { hash, randomBytes } from 'node:crypto';
import { type Db, ObjectId } from 'mongodb';
import { COLLECTIONS } from './names.js';

/**
 * A stored API key. Only the SHA-256 of the secret is kept: a database dump cannot be replayed
 * against the API, and the secret is shown to its creator once.
 */
export interface ApiKeyDoc {
  _id: ObjectId;
  /** hex SHA-256 of the whole key. */
  hash: string;
  /** The first characters of the key, so an operator can tell keys apart without the secret. */
  prefix: string;
  name: string;
  /** null = an admin key; else the one account the key may act on. */
  accountId: string | null;
  createdAt: Date;
}

export interface NewApiKey {
  name: string;
  accountId: string | null;
}

/** What lists show: everything but the hash. */
export type ApiKeyView = Omit<ApiKeyDoc, 'hash'>;

export const API_KEY_PREFIX = 'wck_';

export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;

export function createApiKeysRepository(db: Db) {
  const keys = db.collection<ApiKeyDoc>(COLLECTIONS.apiKeys);
  const byId = (id: string) => (/^[a-f0-9]{24}$/.test(id) ? new ObjectId(id) : undefined);
  const view = ({ hash: _hash, ...rest }: ApiKeyDoc): ApiKeyView => rest;

  return {
    /** Creates a key; the returned `key` is the only copy of the secret that will ever exist. */
    async create(input: NewApiKey): Promise<{ key: string; doc: ApiKeyView }> {
      // 32 random bytes: unguessable, so one SHA-256 (no slow KDF) is enough to store it.
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const doc: ApiKeyDoc = {
        _id: new ObjectId(),
        hash: hashApiKey(key),
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        name: input.name,
        accountId: input.accountId,
        createdAt: new Date(),
      };
      await keys.insertOne(doc);
      return { key, doc: view(doc) };
    },

    /** The key whose SHA-256 is `hash`, without its hash. */
    async findByHash(hash: string): Promise<ApiKeyView | null> {
      const doc = await keys.findOne({ hash: { $eq: hash } });
      return doc ? view(doc) : null;
    },

    async list(filter: { accountId?: string | null } = {}): Promise<ApiKeyView[]> {
      const query = filter.accountId === undefined ? {} : { accountId: { $eq: filter.accountId } };
      const docs = await keys
        .find(query, { projection: { hash: 0 } })
        .sort({ createdAt: 1 })
        .toArray();
      return docs as ApiKeyView[];
    },

    async get(id: string): Promise<ApiKeyView | null> {
      const _id = byId(id);
      if (!_id) return null;
      return (await keys.findOne({ _id }, { projection: { hash: 0 } })) as ApiKeyView | null;
    },

    /** Deletes every key scoped to an account (the account is going away); resolves how many. */
    async deleteByAccount(accountId: string): Promise<number> {
      return (await keys.deleteMany({ accountId: { $eq: accountId } })).deletedCount;
    },

    /** Revokes (deletes) a key; false when there was none. */
    async remove(id: string): Promise<boolean> {
      const _id = byId(id);
      return _id ? (await keys.deleteOne({ _id })).deletedCount === 1 : false;
    },
  };
}
