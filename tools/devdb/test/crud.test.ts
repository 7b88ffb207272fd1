import { Binary, Decimal128, Long, ObjectId, UUID } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDevdb } from './harness.js';

const h = useDevdb('crud');

interface OpsDoc {
  _id: string;
  n: number;
  tags: string[];
  low: number;
  high: number;
  nested: { k: number };
  gone?: boolean;
  set?: number[];
  s?: string;
  touched?: Date;
}

describe('CRUD through the real driver', () => {
  it('inserts, finds, replaces and deletes', async () => {
    const c = h.db.collection('basic');
    const { insertedId } = await c.insertOne({ name: 'ann', age: 30 });
    await c.insertMany([
      { name: 'bob', age: 25 },
      { name: 'cy', age: 35 },
    ]);
    expect(await c.findOne({ _id: insertedId })).toEqual({ _id: insertedId, name: 'ann', age: 30 });
    expect(
      (
        await c
          .find({ age: { $gt: 26 } })
          .sort({ age: 1 })
          .toArray()
      ).map((d) => d.name),
    ).toEqual(['ann', 'cy']);
    await c.replaceOne({ name: 'bob' }, { name: 'bob', age: 26, replaced: true });
    expect(await c.findOne({ name: 'bob' }, { projection: { _id: 0 } })).toEqual({
      name: 'bob',
      age: 26,
      replaced: true,
    });
    expect((await c.deleteOne({ name: 'cy' })).deletedCount).toBe(1);
    expect((await c.deleteMany({})).deletedCount).toBe(2);
    expect(await c.countDocuments()).toBe(0);
  });

  it('applies update operators', async () => {
    const c = h.db.collection<OpsDoc>('ops');
    await c.insertOne({ _id: 'x', n: 1, tags: ['a'], gone: true, low: 5, high: 5, nested: { k: 1 } });
    const r = await c.updateOne(
      { _id: 'x' },
      {
        $set: { 'nested.k': 2, s: 'v' },
        $unset: { gone: '' },
        $inc: { n: 4 },
        $push: { tags: 'b' },
        $addToSet: { set: { $each: [1, 1, 2] } },
        $min: { low: 1 },
        $max: { high: 9 },
        $currentDate: { touched: true },
      },
    );
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const doc = await c.findOne({ _id: 'x' });
    expect(doc).toMatchObject({
      n: 5,
      tags: ['a', 'b'],
      set: [1, 2],
      low: 1,
      high: 9,
      nested: { k: 2 },
      s: 'v',
    });
    expect(doc).not.toHaveProperty('gone');
    expect(doc?.touched).toBeInstanceOf(Date);
    await c.updateOne({ _id: 'x' }, { $pull: { tags: 'a' } });
    expect((await c.findOne({ _id: 'x' }))?.tags).toEqual(['b']);
    // Setting a value to what it already is matches but does not modify, as in mongod.
    expect(await c.updateOne({ _id: 'x' }, { $set: { n: 5 } })).toMatchObject({
      matchedCount: 1,
      modifiedCount: 0,
    });
    await expect(c.updateOne({ _id: 'x' }, { $set: { _id: 'y' } })).rejects.toMatchObject({ code: 66 });
  });

  it('updates many and upserts with the filter equality fields copied in', async () => {
    const c = h.db.collection('multi');
    await c.insertMany([
      { g: 1, v: 0 },
      { g: 1, v: 0 },
      { g: 2, v: 0 },
    ]);
    expect(await c.updateMany({ g: 1 }, { $inc: { v: 1 } })).toMatchObject({
      matchedCount: 2,
      modifiedCount: 2,
    });
    expect(await c.countDocuments({ v: 1 })).toBe(2);
    const up = await c.updateOne(
      { accountId: 'a', chatId: 'c' },
      { $set: { unread: 3 }, $setOnInsert: { created: 1 } },
      { upsert: true },
    );
    expect(up.upsertedCount).toBe(1);
    expect(await c.findOne({ _id: up.upsertedId! }, { projection: { _id: 0 } })).toEqual({
      accountId: 'a',
      chatId: 'c',
      unread: 3,
      created: 1,
    });
    const again = await c.updateOne(
      { accountId: 'a', chatId: 'c' },
      { $set: { unread: 4 }, $setOnInsert: { created: 2 } },
      { upsert: true },
    );
    expect(again).toMatchObject({ matchedCount: 1, upsertedCount: 0 });
    expect(await c.findOne({ accountId: 'a' }, { projection: { _id: 0 } })).toEqual({
      accountId: 'a',
      chatId: 'c',
      unread: 4,
      created: 1,
    });
    const replaced = await c.replaceOne({ _id: 'fixed' as never }, { body: 1 }, { upsert: true });
    expect(replaced.upsertedId).toBe('fixed');
  });

  it('findOneAndUpdate / findOneAndDelete return the right document', async () => {
    const c = h.db.collection('fam');
    await c.insertMany([
      { q: 1, n: 1 },
      { q: 1, n: 2 },
    ]);
    const before = await c.findOneAndUpdate({ q: 1 }, { $inc: { n: 10 } }, { sort: { n: -1 } });
    expect(before).toMatchObject({ n: 2 });
    const after = await c.findOneAndUpdate(
      { q: 1 },
      { $inc: { n: 10 } },
      { sort: { n: -1 }, returnDocument: 'after', projection: { _id: 0, n: 1 } },
    );
    expect(after).toEqual({ n: 22 });
    const created = await c.findOneAndUpdate(
      { q: 9 },
      { $set: { n: 0 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(created).toMatchObject({ q: 9, n: 0 });
    expect(await c.findOneAndUpdate({ q: 404 }, { $set: { n: 0 } })).toBeNull();
    expect(await c.findOneAndDelete({ q: 1 }, { sort: { n: 1 } })).toMatchObject({ n: 1 });
    expect(await c.countDocuments({ q: 1 })).toBe(1);
  });

  it('counts, distinct, aggregates and projects', async () => {
    const c = h.db.collection('agg');
    await c.insertMany([
      { k: 'a', v: 1, tags: ['x', 'y'], sub: { s: 1, t: 2 } },
      { k: 'b', v: 2, tags: ['y'], sub: { s: 2, t: 2 } },
      { k: 'a', v: 3, tags: [], sub: { s: 3, t: 2 } },
    ]);
    expect(await c.countDocuments({ k: 'a' })).toBe(2);
    expect(await c.countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
    expect(await c.estimatedDocumentCount()).toBe(3);
    expect(await c.distinct('k')).toEqual(['a', 'b']);
    expect(await c.distinct('tags', { v: { $lt: 3 } })).toEqual(['x', 'y']);
    const grouped = await c
      .aggregate([{ $group: { _id: '$k', total: { $sum: '$v' } } }, { $sort: { total: -1 } }])
      .toArray();
    expect(grouped).toEqual([
      { _id: 'a', total: 4 },
      { _id: 'b', total: 2 },
    ]);
    const projected = await c
      .find({}, { projection: { 'sub.t': 0, tags: 0, _id: 0 } })
      .sort({ v: 1 })
      .limit(1)
      .toArray();
    expect(projected).toEqual([{ k: 'a', v: 1, sub: { s: 1 } }]);
    // The exclusion above must not have edited the stored document.
    expect((await c.findOne({ v: 1 }))?.sub).toEqual({ s: 1, t: 2 });
    const lookedUp = await c
      .aggregate([{ $match: { v: 1 } }, { $addFields: { 'sub.extra': true } }])
      .toArray();
    expect(lookedUp[0]?.sub).toEqual({ s: 1, t: 2, extra: true });
    expect((await c.findOne({ v: 1 }))?.sub).toEqual({ s: 1, t: 2 });
  });

  it('sorts mixed types, nulls and compound keys like MongoDB, stably', async () => {
    const c = h.db.collection('mixed');
    const oid = new ObjectId('000000000000000000000001');
    await c.insertMany([
      { i: 0, v: 'str' },
      { i: 1, v: 2 },
      { i: 2, v: null },
      { i: 3 },
      { i: 4, v: true },
      { i: 5, v: new Date(0) },
      { i: 6, v: { a: 1 } },
      { i: 7, v: oid },
      { i: 8, v: 1.5 },
      { i: 9, v: [0, 10] },
    ]);
    const order = (await c.find({}).sort({ v: 1 }).toArray()).map((d) => d.i);
    // null and missing tie (natural order kept), then numbers (array sorts by its min, 0), strings, objects, ObjectId, bool, date.
    expect(order).toEqual([2, 3, 9, 8, 1, 0, 6, 7, 4, 5]);
    const desc = (
      await c
        .find({ i: { $in: [1, 8, 9] } })
        .sort({ v: -1 })
        .toArray()
    ).map((d) => d.i);
    expect(desc).toEqual([9, 1, 8]);
    const compound = h.db.collection('compound');
    await compound.insertMany([
      { a: 1, b: 2, i: 0 },
      { a: 0, b: 5, i: 1 },
      { a: 1, b: 1, i: 2 },
      { a: 1, b: 2, i: 3 },
    ]);
    expect((await compound.find().sort({ a: -1, b: 1 }).toArray()).map((d) => d.i)).toEqual([2, 0, 3, 1]);
  });

  it('round-trips BSON types and compares binary exactly', async () => {
    const c = h.db.collection('types');
    const uuid = new UUID();
    const doc = {
      _id: new ObjectId(),
      bin: new Binary(Buffer.from([0, 1, 0xfe, 0xff])),
      custom: new Binary(Buffer.from('hello'), 0x80),
      uuid,
      long: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('1234.5678'),
      date: new Date('2024-01-02T03:04:05.678Z'),
      nested: { arr: [new Binary(Buffer.from([9]))] },
    };
    await c.insertOne(doc);
    await c.insertOne({ bin: new Binary(Buffer.from([0, 1, 0xfe, 0xfe])) });
    const back = await c.findOne({ _id: doc._id }, { promoteLongs: false });
    expect(back?.bin.buffer.equals(doc.bin.buffer)).toBe(true);
    expect(back?.custom.sub_type).toBe(0x80);
    expect(back?.uuid.toHexString()).toBe(uuid.toHexString());
    expect(String(back?.long)).toBe('9007199254740993');
    expect(back?.dec.toString()).toBe('1234.5678');
    expect(back?.date.getTime()).toBe(doc.date.getTime());
    // Invalid UTF-8 bytes must not make different binaries look equal.
    expect(await c.countDocuments({ bin: new Binary(Buffer.from([0, 1, 0xfe, 0xff])) })).toBe(1);
    expect(await c.countDocuments({ uuid })).toBe(1);
    expect(await c.countDocuments({ date: { $gt: new Date('2024-01-01') } })).toBe(1);
  });

  it('lists, creates, renames and drops collections', async () => {
    await h.db.createCollection('made');
    await expect(h.db.createCollection('made')).rejects.toMatchObject({ code: 48 });
    const names = (await h.db.listCollections({}, { nameOnly: true }).toArray()).map((x) => x.name);
    expect(names).toContain('made');
    expect(await h.db.listCollections({ name: 'made' }).toArray()).toHaveLength(1);
    await h.db.collection('made').insertOne({ a: 1 });
    await h.db.renameCollection('made', 'renamed');
    expect(await h.db.collection('renamed').countDocuments()).toBe(1);
    expect(await h.db.collection('renamed').drop()).toBe(true);
    expect(await h.db.listCollections({ name: 'renamed' }).toArray()).toHaveLength(0);
  });
});
