import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDevdb } from './harness.js';

const h = useDevdb('uniq');

async function rejection(promise: Promise<unknown>): Promise<MongoServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

describe('unique indexes', () => {
  it('refuses a duplicate insertOne with E11000 and mongod-shaped details', async () => {
    const c = h.db.collection('users');
    expect(await c.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    await c.insertOne({ email: 'a@x.io' });
    const error = await rejection(c.insertOne({ email: 'a@x.io' }));
    expect(error.code).toBe(11000);
    expect(error.message).toBe(
      'E11000 duplicate key error collection: uniq.users index: email_1 dup key: { email: "a@x.io" }',
    );
    expect(error.keyPattern).toEqual({ email: 1 });
    expect(error.keyValue).toEqual({ email: 'a@x.io' });
    expect(await c.countDocuments()).toBe(1);
  });

  it('enforces _id uniqueness always', async () => {
    const c = h.db.collection('ids');
    await c.insertOne({ _id: 'same' as never });
    const error = await rejection(c.insertOne({ _id: 'same' as never }));
    expect(error.code).toBe(11000);
    expect(error.message).toMatch(
      /^E11000 duplicate key error collection: uniq\.ids index: _id_ dup key: \{ _id: "same" \}/,
    );
  });

  it('enforces compound unique keys on the combination only', async () => {
    const c = h.db.collection('messages');
    await c.createIndex({ accountId: 1, messageId: 1 }, { unique: true });
    await c.insertMany([
      { accountId: 'a', messageId: 'm1' },
      { accountId: 'b', messageId: 'm1' },
      { accountId: 'a', messageId: 'm2' },
    ]);
    const error = await rejection(c.insertOne({ accountId: 'a', messageId: 'm1' }));
    expect(error.code).toBe(11000);
    expect(error.keyValue).toEqual({ accountId: 'a', messageId: 'm1' });
    expect(error.message).toContain('dup key: { accountId: "a", messageId: "m1" }');
  });

  it('refuses updates and upserts that collide, leaving data untouched', async () => {
    const c = h.db.collection('chats');
    await c.createIndex({ accountId: 1, chatId: 1 }, { unique: true });
    await c.insertMany([
      { accountId: 'a', chatId: '1', n: 0 },
      { accountId: 'a', chatId: '2', n: 0 },
    ]);
    const moved = await rejection(c.updateOne({ chatId: '2' }, { $set: { chatId: '1' } }));
    expect(moved.code).toBe(11000);
    expect(await c.countDocuments({ chatId: '2' })).toBe(1);
    // The filter misses (different n), so this upserts a document whose key already exists.
    const upsert = await rejection(
      c.updateOne({ accountId: 'a', chatId: '1', n: 99 }, { $set: { x: 1 } }, { upsert: true }),
    );
    expect(upsert.code).toBe(11000);
    const fam = await rejection(c.findOneAndUpdate({ chatId: '2' }, { $set: { chatId: '1' } }));
    expect(fam.code).toBe(11000);
    expect(fam.message).toMatch(/^E11000 duplicate key error/);
    expect(await c.countDocuments()).toBe(2);
  });

  it('insertMany ordered stops at the first duplicate; unordered continues', async () => {
    const c = h.db.collection('batch');
    await c.createIndex({ k: 1 }, { unique: true });
    const ordered = await rejection(c.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }]));
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect(ordered.code).toBe(11000);
    expect((ordered as MongoBulkWriteError).result.insertedCount).toBe(2);
    expect(await c.countDocuments()).toBe(2);
    const unordered = await rejection(c.insertMany([{ k: 3 }, { k: 1 }, { k: 4 }], { ordered: false }));
    expect((unordered as MongoBulkWriteError).writeErrors).toHaveLength(1);
    expect((await c.find({}, { sort: { k: 1 } }).toArray()).map((d) => d.k)).toEqual([1, 2, 3, 4]);
  });

  it('treats missing fields as null unless sparse, and indexes array elements', async () => {
    const c = h.db.collection('sparse');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertOne({ other: 1 });
    expect((await rejection(c.insertOne({ other: 2 }))).code).toBe(11000);
    await c.createIndex({ nick: 1 }, { unique: true, sparse: true, name: 'nick_sparse' });
    const s = h.db.collection('sparse2');
    await s.createIndex({ nick: 1 }, { unique: true, sparse: true });
    await s.insertMany([{ a: 1 }, { a: 2 }, { nick: 'n' }]);
    expect((await rejection(s.insertOne({ nick: 'n' }))).code).toBe(11000);
    const tags = h.db.collection('tags');
    await tags.createIndex({ tag: 1 }, { unique: true });
    await tags.insertOne({ tag: ['x', 'y'] });
    expect((await rejection(tags.insertOne({ tag: 'y' }))).code).toBe(11000);
  });

  it('lists, recreates idempotently and drops indexes; refuses a unique index over duplicates', async () => {
    const c = h.db.collection('idx');
    await c.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
    ]);
    await c.createIndex({ b: 1 }, { unique: true });
    await c.createIndex({ b: 1 }, { unique: true });
    await c.createIndex({ a: 1, b: -1 });
    const listed = await c.listIndexes().toArray();
    expect(listed.map((i) => i.name)).toEqual(['_id_', 'b_1', 'a_1_b_-1']);
    expect(listed[1]).toMatchObject({ key: { b: 1 }, unique: true });
    expect((await rejection(c.createIndex({ a: 1 }, { unique: true }))).code).toBe(11000);
    await c.dropIndex('b_1');
    await c.insertOne({ a: 2, b: 1 });
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'a_1_b_-1']);
    expect((await rejection(c.dropIndex('nope'))).code).toBe(27);
    // Like mongod: listing indexes of a collection that does not exist is NamespaceNotFound.
    expect((await rejection(h.db.collection('never').listIndexes().toArray())).code).toBe(26);
  });

  it('answers point lookups on big collections from the index', async () => {
    const c = h.db.collection('big');
    await c.createIndex({ key: 1 }, { unique: true });
    const docs = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, i }));
    const started = performance.now();
    await c.insertMany(docs);
    for (let i = 0; i < 500; i++) await c.findOne({ key: `k${(i * 19) % 10_000}` });
    const elapsed = performance.now() - started;
    expect(await c.findOne({ key: 'k9999' })).toMatchObject({ i: 9999 });
    expect(elapsed).toBeLessThan(10_000);
  });
});
