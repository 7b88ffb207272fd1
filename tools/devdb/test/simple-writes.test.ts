import { Long } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { applySimpleOperators } from '../src/engine/fast-update.js';
import { useDevdb } from './harness.js';

const h = useDevdb('simple_writes');

// The shortcuts for top-level $set/$unset/$inc and primitive equality filters must answer exactly
// what the general (mingo) path answers; these cases sit on both sides of the line between them.
describe('top-level writes and equality filters', () => {
  it('upserts and updates with $setOnInsert, $set, $inc and $unset as mongod does', async () => {
    const c = h.db.collection<{ _id: string }>('records');
    const at = new Date('2026-01-01T00:00:00Z');
    const upsert = (status: string) =>
      c.updateOne(
        { _id: { $eq: 'd1' } },
        {
          $setOnInsert: { webhookId: 'w', createdAt: at, deadLettered: false },
          $inc: { attempts: 1 },
          $set: { status, updatedAt: at, data: { nested: [1, { k: 'v' }] } },
        },
        { upsert: true },
      );
    expect(await upsert('retrying')).toMatchObject({ upsertedCount: 1 });
    expect(await upsert('delivered')).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await c.findOne({ _id: 'd1' })).toEqual({
      _id: 'd1',
      webhookId: 'w',
      createdAt: at,
      deadLettered: false,
      attempts: 2,
      status: 'delivered',
      updatedAt: at,
      data: { nested: [1, { k: 'v' }] },
    });
    expect(await c.updateOne({ _id: 'd1' }, { $unset: { deadLettered: '' } })).toMatchObject({
      modifiedCount: 1,
    });
    expect(await c.findOne({ _id: 'd1' })).not.toHaveProperty('deadLettered');
    const chat = () =>
      c.updateOne(
        { _id: 'c1' },
        { $setOnInsert: { kind: 'chat' }, $max: { last: 5 }, $min: { first: 5 }, $inc: { unread: 1 } },
        { upsert: true },
      );
    await chat();
    await c.updateOne({ _id: 'c1' }, { $max: { last: 3 }, $min: { first: 3 } });
    await chat();
    expect(await c.findOne({ _id: 'c1' })).toEqual({ _id: 'c1', kind: 'chat', last: 5, first: 3, unread: 2 });
    // Unchanged: matched, not modified.
    expect(await c.updateOne({ _id: 'd1' }, { $set: { status: 'delivered' } })).toMatchObject({
      matchedCount: 1,
      modifiedCount: 0,
    });
  });

  it('leaves paths, _id, BSON numbers and conflicts to the general path', () => {
    expect(applySimpleOperators({ a: 1 }, { $set: { 'a.b': 1 } })).toBe(false);
    expect(applySimpleOperators({ a: 1 }, { $set: { _id: 2 } })).toBe(false);
    expect(applySimpleOperators({ n: Long.fromNumber(1) }, { $inc: { n: 1 } })).toBe(false);
    expect(applySimpleOperators({ n: 1 }, { $set: { n: 1 }, $inc: { n: 1 } })).toBe(false);
    expect(applySimpleOperators({ n: 1 }, { $push: { t: 1 } })).toBe(false);
    expect(applySimpleOperators({ n: Number.NaN }, { $max: { n: 1 } })).toBe(false);
    expect(applySimpleOperators({ n: 'a' }, { $max: { n: 1 } })).toBe(false);
    const doc = { n: 1, gone: true };
    expect(applySimpleOperators(doc, { $inc: { n: 2 }, $unset: { gone: '' } })).toBe(true);
    expect(doc).toEqual({ n: 3 });
  });

  it('equality filters match arrays and sub-documents as mongod does', async () => {
    const c = h.db.collection('eq');
    await c.insertMany([
      { k: 'a', tags: 'x', n: 1, on: true },
      { k: 'b', tags: ['x', 'y'], n: Long.fromString('9007199254740993'), on: false },
      { k: 'c', tags: { x: 1 }, n: 1, on: true },
      { k: 'd', n: 2 },
    ]);
    const keys = async (filter: object) => (await c.find(filter).sort({ k: 1 }).toArray()).map((d) => d.k);
    expect(await keys({ tags: 'x' })).toEqual(['a', 'b']);
    expect(await keys({ tags: { $eq: 'y' } })).toEqual(['b']);
    expect(await keys({ n: 1, on: true })).toEqual(['a', 'c']);
    expect(await keys({ on: false })).toEqual(['b']);
    expect(await keys({ missing: 'x' })).toEqual([]);
    expect(await keys({ k: 'd', n: 2 })).toEqual(['d']);
    expect(await c.updateMany({ tags: 'x' }, { $set: { hit: true } })).toMatchObject({ matchedCount: 2 });
  });
});
