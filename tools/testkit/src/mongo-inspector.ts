import { type Document, MongoClient } from 'mongodb';

/**
 * A test's own read-only view of a database, for what no product read shows: the GridFS files a
 * rejected upload must not leave behind, the raw document of a stored key, every message one test
 * sent. Product code and test set-up go through `@wildcat/store`; the inspector never writes
 * (except dropping a test's database at the end).
 */
export interface MongoInspector {
  count(collection: string, filter?: Document): Promise<number>;
  find(collection: string, filter?: Document, projection?: Document): Promise<Document[]>;
  dropDatabase(): Promise<void>;
  close(): Promise<void>;
}

/** Connects on first use, with a client of its own (so it never shares the store's pool). */
export function inspectMongo(url: string, dbName: string): MongoInspector {
  let connecting: Promise<MongoClient> | undefined;
  const db = async () => {
    connecting ??= new MongoClient(url, { serverSelectionTimeoutMS: 5_000, retryWrites: false }).connect();
    return (await connecting).db(dbName);
  };
  return {
    count: async (collection, filter = {}) => (await db()).collection(collection).countDocuments(filter),
    find: async (collection, filter = {}, projection) =>
      (await db())
        .collection(collection)
        .find(filter, projection ? { projection } : {})
        .toArray(),
    async dropDatabase() {
      await (await db()).dropDatabase();
    },
    async close() {
      const client = connecting;
      connecting = undefined;
      if (client) await (await client).close();
    },
  };
}
