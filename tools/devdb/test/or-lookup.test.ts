import { describe, expect, it } from 'vitest';
import { Collection } from '../src/engine/collection.js';
import { candidateDocs } from '../src/engine/query-planner.js';
import { useDevdb } from './harness.js';

const h = useDevdb('orlookup');

describe('$or of point lookups', () => {
  it('answers as a scan would: every branch matched once, other conditions still applied', async () => {
    const c = h.db.collection('messages');
    await c.createIndex({ accountId: 1, messageId: 1 }, { unique: true });
    await c.insertMany(
      Array.from({ length: 50 }, (_, i) => ({
        accountId: `a${i % 5}`,
        messageId: `m${i}`,
        status: i % 2 ? 'sent' : 'read',
      })),
    );
    const byKeys = await c
      .find(
        {
          $or: [
            { accountId: 'a1', messageId: 'm1' },
            { accountId: { $eq: 'a2' }, messageId: { $eq: 'm2' } },
            { accountId: 'a1', messageId: 'm1' },
            { accountId: 'a3', messageId: 'missing' },
          ],
        },
        { projection: { _id: 0 } },
      )
      .toArray();
    expect(byKeys.map((doc) => doc.messageId).sort()).toEqual(['m1', 'm2']);
    const withStatus = await c
      .find({
        $or: [
          { accountId: 'a1', messageId: 'm1' },
          { accountId: 'a2', messageId: 'm2' },
        ],
        status: 'read',
      })
      .toArray();
    expect(withStatus.map((doc) => doc.messageId)).toEqual(['m2']);
    // A branch no index serves: the whole filter is answered by a scan, with the same rules.
    const mixed = await c
      .find({
        $or: [
          { accountId: 'a1', messageId: 'm1' },
          { status: 'read', accountId: 'a4' },
        ],
      })
      .toArray();
    expect(mixed.map((doc) => doc.messageId).sort()).toEqual(['m1', 'm14', 'm24', 'm34', 'm4', 'm44'].sort());
  });

  it('looks up each branch by index instead of scanning when every branch has one', () => {
    const collection = new Collection('db', 'messages', () => undefined);
    collection.createIndex({ v: 2, key: { accountId: 1, messageId: 1 }, name: 'k', unique: true });
    for (let i = 0; i < 1000; i++) collection.insert({ _id: i, accountId: 'a', messageId: `m${i}` });
    const found = [
      ...candidateDocs(collection, {
        $or: [{ accountId: 'a', messageId: 'm7' }, { _id: 500 }, { accountId: 'a', messageId: 'm7' }],
      }),
    ];
    expect(found.map((doc) => doc._id).sort()).toEqual([500, 7]);
    const scanned = [
      ...candidateDocs(collection, { $or: [{ accountId: 'a', messageId: 'm7' }, { messageId: 'm8' }] }),
    ];
    expect(scanned).toHaveLength(1000);
  });
});
