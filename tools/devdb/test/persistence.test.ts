import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binary, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevdb } from '../src/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'devdb-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Documents in a collection file (its first document is the header). */
function documentsIn(file: string): number {
  const bytes = readFileSync(file);
  let count = -1;
  for (let at = 0; at < bytes.length; at += bytes.readInt32LE(at)) count++;
  return count;
}

async function withClient<T>(url: string, run: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(`${url}/keep`, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await run(client);
  } finally {
    await client.close();
  }
}

describe('persistence', () => {
  it('keeps documents and unique indexes across a restart with the same dataDir', async () => {
    const first = await startDevdb({ dataDir, quiet: true });
    await withClient(first.url, async (client) => {
      const c = client.db().collection('people');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.insertMany(Array.from({ length: 2000 }, (_, i) => ({ email: `p${i}@x.io`, i })));
      await c.updateOne({ i: 7 }, { $set: { seven: true } });
      await c.insertOne({ email: 'bin@x.io', bytes: new Binary(Buffer.from([0, 255, 128])) });
      await c.deleteOne({ i: 0 });
      await client.db().collection('dropped').insertOne({ a: 1 });
      await client.db().collection('dropped').drop();
    });
    await first.close();
    expect(readdirSync(join(dataDir, 'keep')).sort()).toEqual(['people.bson']);

    const second = await startDevdb({ dataDir, quiet: true });
    try {
      await withClient(second.url, async (client) => {
        const c = client.db().collection('people');
        expect(await c.countDocuments()).toBe(2000);
        expect(await c.findOne({ i: 7 })).toMatchObject({ seven: true });
        expect(await c.findOne({ i: 0 })).toBeNull();
        const bin = (await c.findOne({ email: 'bin@x.io' }))?.bytes as Binary | undefined;
        expect(bin?.buffer && Buffer.from(bin.buffer)).toEqual(Buffer.from([0, 255, 128]));
        expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
        await expect(c.insertOne({ email: 'p5@x.io' })).rejects.toMatchObject({ code: 11000 });
        expect((await client.db().listCollections().toArray()).map((x) => x.name)).toEqual(['people']);
      });
    } finally {
      await second.close();
    }
  });

  it('compacts the journal into the snapshot files in the background, before any close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devdb-flush-'));
    const live = await startDevdb({ dataDir: dir, quiet: true, flushDelayMs: 50 });
    try {
      await withClient(live.url, async (client) => {
        const c = client.db().collection('burst');
        for (let i = 0; i < 200; i++) await c.insertOne({ i });
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(documentsIn(join(dir, 'keep', 'burst.bson'))).toBe(200);
      // The segments the snapshot covers are gone; at most the current one is left.
      expect(readdirSync(dir).filter((f) => f.endsWith('.wal')).length).toBeLessThanOrEqual(1);
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recovers a crash image: journaled writes not yet in a snapshot, and a torn last write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devdb-image-'));
    const image = mkdtempSync(join(tmpdir(), 'devdb-image-copy-'));
    const live = await startDevdb({ dataDir: dir, quiet: true, flushDelayMs: 60_000 });
    try {
      await withClient(live.url, async (client) => {
        const c = client.db().collection<{ _id: number | string; key: string }>('journaled');
        await c.createIndex({ key: 1 }, { unique: true });
        await c.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, key: `k${i}` })));
        await c.updateOne({ _id: 3 }, { $set: { key: 'three' } });
        await c.deleteOne({ _id: 4 });
        await c.insertOne({ _id: 'late', key: 'k3' });
      });
      // Files copied from a running server are what a kill -9 leaves behind.
      cpSync(dir, image, { recursive: true });
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const segments = readdirSync(image).filter((f) => f.endsWith('.wal'));
    expect(segments.length).toBeGreaterThan(0);
    expect(existsSync(join(image, 'keep', 'journaled.bson'))).toBe(false);
    appendFileSync(join(image, segments.at(-1)!), Buffer.from([200, 0, 0, 0, 3, 1, 2]));

    const recovered = await startDevdb({ dataDir: image, quiet: true });
    try {
      await withClient(recovered.url, async (client) => {
        const c = client.db().collection<{ _id: number | string; key: string }>('journaled');
        expect(await c.countDocuments()).toBe(100);
        expect(await c.findOne({ _id: 3 })).toEqual({ _id: 3, key: 'three' });
        expect(await c.findOne({ _id: 4 })).toBeNull();
        expect(await c.findOne({ key: 'k3' })).toEqual({ _id: 'late', key: 'k3' });
        await expect(c.insertOne({ _id: 'dup', key: 'k5' })).rejects.toMatchObject({ code: 11000 });
      });
      // Start-up compacted the replay into a snapshot and dropped the replayed segments.
      expect(existsSync(join(image, 'keep', 'journaled.bson'))).toBe(true);
      expect(readdirSync(image).filter((f) => segments.includes(f))).toEqual([]);
    } finally {
      await recovered.close();
      rmSync(image, { recursive: true, force: true });
    }
  });
});
