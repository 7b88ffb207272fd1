import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDevdb } from './harness.js';

const h = useDevdb('cursors');

describe('server-side cursors', () => {
  it('pages 10,000 documents with batchSize 101, complete and in order', async () => {
    const c = h.db.collection('many');
    await c.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ i, pad: 'x'.repeat(50) })));
    const started = performance.now();
    let expected = 0;
    for await (const doc of c.find({}, { batchSize: 101 }).sort({ i: 1 })) {
      expect(doc.i).toBe(expected);
      expected++;
    }
    const elapsed = performance.now() - started;
    expect(expected).toBe(10_000);
    console.info(`devdb: paged 10,000 docs (batchSize 101) in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(5_000);
    let backwards = 10_000;
    for await (const doc of c.find({ i: { $gte: 5000 } }, { batchSize: 101 }).sort({ i: -1 })) {
      backwards--;
      expect(doc.i).toBe(backwards);
    }
    expect(backwards).toBe(5000);
  });

  it('honours skip, limit and aggregate batching', async () => {
    const c = h.db.collection('many');
    const page = await c.find({}, { skip: 250, limit: 300, batchSize: 7 }).sort({ i: 1 }).toArray();
    expect(page.map((d) => d.i)).toEqual(Array.from({ length: 300 }, (_, k) => 250 + k));
    const agg = await c
      .aggregate([{ $match: { i: { $lt: 1000 } } }, { $project: { _id: 0, i: 1 } }], { batchSize: 50 })
      .toArray();
    expect(agg).toHaveLength(1000);
    expect(await c.countDocuments({ i: { $gte: 9990 } })).toBe(10);
  });

  it('kills cursors that are closed early and reports unknown ones', async () => {
    const c = h.db.collection('many');
    const cursor = c.find({}, { batchSize: 10 });
    await cursor.next();
    const id = cursor.id;
    expect(id?.isZero()).toBe(false);
    await cursor.close();
    const error = await h.db.command({ getMore: id, collection: 'many' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(43);
  });
});
