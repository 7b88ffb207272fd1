import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binary, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevdb } from '../src/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'devdb-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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

  it('writes changes in the background, coalesced, before any close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devdb-flush-'));
    const live = await startDevdb({ dataDir: dir, quiet: true, flushDelayMs: 50 });
    try {
      await withClient(live.url, async (client) => {
        const c = client.db().collection('burst');
        for (let i = 0; i < 200; i++) await c.insertOne({ i });
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A second server reading the same directory sees what the first one has written so far.
      const reader = await startDevdb({ dataDir: dir, quiet: true });
      try {
        await withClient(reader.url, async (client) => {
          expect(await client.db().collection('burst').countDocuments()).toBe(200);
        });
      } finally {
        await reader.close();
      }
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
