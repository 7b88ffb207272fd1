import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'devdb-crash-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** devdb as its own process (the CLI), so a kill -9 takes nothing of the test with it. */
async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--data', dataDir, '--quiet'],
    { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (mongodb:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`devdb exited early (${code}): ${output}`)));
  });
  return { child, url };
}

function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

interface Acknowledged {
  inserted: string[];
  deleted: string[];
  /** Deletes sent, acknowledged or not: an unacknowledged one may have landed. */
  deleteAttempted: string[];
  increments: number;
  attemptedIncrements: number;
}

/** Writers hammer the server until it dies; each records only what the driver acknowledged. */
async function writeUntilKilled(
  url: string,
  round: number,
  kill: () => Promise<void>,
): Promise<Acknowledged> {
  const client = new MongoClient(`${url}/crash`, {
    serverSelectionTimeoutMS: 2000,
    retryWrites: false,
    maxPoolSize: 20,
  });
  await client.connect();
  const db = client.db();
  const acked: Acknowledged = {
    inserted: [],
    deleted: [],
    deleteAttempted: [],
    increments: 0,
    attemptedIncrements: 0,
  };
  let stop = false;
  const inserter = async (writer: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const _id = `r${round}-w${writer}-${i}`;
      await db
        .collection<{ _id: string; body: string; i: number }>('messages')
        .insertOne({ _id, body: 'x'.repeat(200), i });
      acked.inserted.push(_id);
    }
  };
  const batcher = async (): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const docs = Array.from({ length: 50 }, (_, j) => ({ _id: `r${round}-batch-${i}-${j}` }));
      await db.collection<{ _id: string }>('batches').insertMany(docs);
      acked.inserted.push(...docs.map((doc) => `batches:${doc._id}`));
    }
  };
  const counter = async (): Promise<void> => {
    while (!stop) {
      acked.attemptedIncrements++;
      await db
        .collection<{ _id: string }>('counters')
        .updateOne({ _id: 'n' }, { $inc: { n: 1 } }, { upsert: true });
      acked.increments++;
    }
  };
  const deleter = async (): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const _id = `r${round}-w0-${i}`;
      acked.deleteAttempted.push(_id);
      const { deletedCount } = await db.collection<{ _id: string }>('messages').deleteOne({ _id });
      if (deletedCount === 1) acked.deleted.push(_id);
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const writers = [...Array.from({ length: 8 }, (_, w) => inserter(w)), batcher(), counter(), deleter()].map(
    (writer) => writer.catch(() => undefined),
  );
  await new Promise((resolve) => setTimeout(resolve, 1500 + Math.random() * 1000));
  await kill();
  stop = true;
  await Promise.all(writers);
  await client.close(true).catch(() => undefined);
  return acked;
}

describe('crash safety', () => {
  it('keeps every acknowledged write across kill -9 during writes (twice, same data dir)', async () => {
    let expectedIncrements = 0;
    const everInserted = new Set<string>();
    const everDeleted = new Set<string>();
    const mayBeDeleted = new Set<string>();
    for (let round = 0; round < 2; round++) {
      const { child, url } = await startChild();
      const before = expectedIncrements;
      const acked = await writeUntilKilled(url, round, () => killHard(child));
      expect(acked.inserted.length).toBeGreaterThan(100);
      for (const id of acked.inserted) everInserted.add(id);
      for (const id of acked.deleted) everDeleted.add(id);
      for (const id of acked.deleteAttempted) mayBeDeleted.add(id);

      const restarted = await startChild();
      const client = await new MongoClient(`${restarted.url}/crash`).connect();
      try {
        const db = client.db();
        const messages = new Set(
          (
            await db
              .collection('messages')
              .find({}, { projection: { _id: 1 } })
              .toArray()
          ).map((d) => String(d._id)),
        );
        const batches = new Set(
          (
            await db
              .collection('batches')
              .find({}, { projection: { _id: 1 } })
              .toArray()
          ).map((d) => `batches:${d._id}`),
        );
        const missing = [...everInserted].filter(
          (id) => !mayBeDeleted.has(id) && !messages.has(id) && !batches.has(id),
        );
        expect(missing).toEqual([]);
        expect([...everDeleted].filter((id) => messages.has(id))).toEqual([]);
        const counter = await db.collection<{ _id: string; n: number }>('counters').findOne({ _id: 'n' });
        // An unacknowledged increment may or may not have landed; an acknowledged one must have.
        expect(counter?.n ?? 0).toBeGreaterThanOrEqual(before + acked.increments);
        expect(counter?.n ?? 0).toBeLessThanOrEqual(before + acked.attemptedIncrements);
        expectedIncrements = counter?.n ?? 0;
      } finally {
        await client.close();
        await killHard(restarted.child);
      }
    }
  });
});
