import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDevdb, startDevdb } from '../src/index.js';

let server: RunningDevdb;
let client: MongoClient;

beforeAll(async () => {
  server = await startDevdb({ quiet: true, cursorTimeoutMs: 300, ttlIntervalMs: 100 });
  client = await new MongoClient(`${server.url}/life`, { serverSelectionTimeoutMS: 5000 }).connect();
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server lifecycle behaviour', () => {
  it('discards idle cursors after the cursor timeout', async () => {
    const c = client.db().collection('idle');
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    const reply = await client.db().command({ find: 'idle', batchSize: 5 });
    await sleep(900);
    const error = await client
      .db()
      .command({ getMore: reply.cursor.id, collection: 'idle' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(43);
  });

  it('expires documents through TTL indexes', async () => {
    const c = client.db().collection('ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
    await c.insertMany([
      { at: new Date(Date.now() - 60_000) },
      { at: new Date(Date.now() + 60_000) },
      { at: 'not a date' },
    ]);
    await sleep(500);
    expect(await c.countDocuments()).toBe(2);
  });

  it('applies unacknowledged (w: 0) writes without replying', async () => {
    const c = client.db().collection('fire', { writeConcern: { w: 0 } });
    await c.insertOne({ fire: 'and forget' });
    await sleep(100);
    expect(await client.db().collection('fire').countDocuments({ fire: 'and forget' })).toBe(1);
  });

  it('refuses transactions the way a standalone mongod does', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      const error = await client
        .db()
        .collection('tx')
        .insertOne({ a: 1 }, { session })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      // The driver rewrites mongod's IllegalOperation (20) into this hint, exactly as against a real standalone.
      expect((error as MongoServerError).message).toMatch(/does not support retryable writes/);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await client.db().collection('tx').countDocuments()).toBe(0);
  });
});
