import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { startDevdb } from '@wildcat/devdb';
import { MongoClient } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import {
  COLLECTIONS,
  isStoreUnavailable,
  type MessageDoc,
  MessageWrites,
  type NewMessage,
} from '../src/index.js';
import { useStore } from './store-fixture.js';

const store = useStore();
// Each test's writer gets its own handle on the collection, so a spy on it sees that writer only.
const messagesCollection = () => store.db.collection<MessageDoc>(COLLECTIONS.messages);

const message = (messageId: string, accountId = 'acc'): NewMessage => ({
  accountId,
  messageId,
  chatId: '15550000002@s.whatsapp.net',
  from: '15550000001@s.whatsapp.net',
  fromMe: true,
  timestamp: Date.now(),
  type: 'text',
  text: 'hi',
  status: 'queued',
});

describe('MessageWrites', () => {
  it('answers each write as the repository would, in one round trip for writes made together', async () => {
    const collection = messagesCollection();
    const writes = new MessageWrites(collection);
    const bulk = vi.spyOn(collection, 'bulkWrite');
    const inserted = await Promise.all([
      writes.upsert(message('A1')),
      writes.upsert(message('A2')),
      writes.upsert(message('A3')),
    ]);
    expect(inserted).toEqual([true, true, true]);
    expect(bulk).toHaveBeenCalledTimes(1);
    // Inserting again changes nothing and says so.
    expect(await Promise.all([writes.upsert(message('A1')), writes.upsert(message('A4'))])).toEqual([
      false,
      true,
    ]);
    bulk.mockRestore();
    expect(await store.messages.get('acc', 'A4')).toMatchObject({ status: 'queued', text: 'hi' });
  });

  it('traces each message id with its outcome, so a lost write can be found in the debug log', async () => {
    const lines: Array<{ fields: { writes: string[] }; message: string }> = [];
    const writes = new MessageWrites(messagesCollection(), {
      debug: (fields, message) => void lines.push({ fields: fields as { writes: string[] }, message }),
    });
    await writes.upsert(message('T1'));
    await Promise.all([
      writes.upsert(message('T1')),
      writes.setStatus('acc', 'T1', 'sent'),
      writes.setStatus('acc', 'T-missing', 'sent'),
    ]);
    expect(lines.map((line) => [line.message, line.fields.writes])).toEqual([
      ['message writes: batch sent', ['insert acc/T1']],
      ['message writes: batch answered', ['insert acc/T1 inserted']],
      ['message writes: batch sent', ['insert acc/T1', 'status acc/T-missing→sent']],
      ['message writes: batch answered', ['insert acc/T1 existed', 'status acc/T-missing→sent not moved']],
      ['message writes: batch sent', ['status acc/T1→sent']],
      ['message writes: batch answered', ['status acc/T1→sent moved']],
    ]);
  });

  // The driver reports its own failures during a bulk write as a MongoBulkWriteError with an empty
  // result: read as "applied", an insert said "stored before" and a status move "not moved", and
  // the caller went on as if the write had been made (a receipt dropped, a send left queued).
  it('fails every write of a batch the database never answered, as unavailable', async () => {
    const server = await startDevdb({ quiet: true });
    const client = await new MongoClient(server.url, {
      serverSelectionTimeoutMS: 300,
      retryWrites: false,
    }).connect();
    const writes = new MessageWrites(client.db('outage').collection<MessageDoc>(COLLECTIONS.messages));
    expect(await writes.upsert(message('U1'))).toBe(true);
    await server.close();
    const answers = await Promise.allSettled([
      writes.upsert(message('U2')),
      writes.setStatus('acc', 'U1', 'delivered'),
    ]);
    // Any bulk write that never reached the server reads as unavailable too (webhook deliveries, creds).
    const direct = await client
      .db('outage')
      .collection(COLLECTIONS.messages)
      .bulkWrite([{ insertOne: { document: { x: 1 } } }])
      .catch((error: unknown) => error);
    expect(isStoreUnavailable(direct), String(direct)).toBe(true);
    await client.close();
    for (const answer of answers) {
      expect(answer.status).toBe('rejected');
      if (answer.status === 'rejected')
        expect(isStoreUnavailable(answer.reason), String(answer.reason)).toBe(true);
    }
  });

  // A write the server never answers must not hold the writes queued behind it: here devdb is
  // paused (SIGSTOP) mid-batch, as a database can hang; the batch fails as unavailable in time.
  it('fails a batch that gets no answer in time, and the writes queued behind it go out', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const cli = createRequire(import.meta.url).resolve('@wildcat/devdb/cli');
    const devdb = spawn(process.execPath, ['--import', 'tsx', cli, '--port', String(port), '--quiet'], {
      stdio: 'ignore',
    });
    try {
      const client = new MongoClient(`mongodb://127.0.0.1:${port}`, { retryWrites: false });
      const started = Date.now();
      while (
        !(await client.connect().then(
          () => true,
          () => false,
        )) &&
        Date.now() - started < 20_000
      )
        await new Promise((resolve) => setTimeout(resolve, 200));
      const writes = new MessageWrites(
        client.db('hang').collection<MessageDoc>(COLLECTIONS.messages),
        undefined,
        1_000,
      );
      expect(await writes.upsert(message('H0'))).toBe(true);
      devdb.kill('SIGSTOP');
      const sentAt = Date.now();
      const answer = await writes.upsert(message('H1')).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(Date.now() - sentAt).toBeLessThan(5_000);
      expect(isStoreUnavailable(answer), String(answer)).toBe(true);
      devdb.kill('SIGCONT');
      // The queue goes on; the failed write, made again, finds its first attempt landed late (an
      // unknown outcome is why every write here is idempotent).
      expect(await writes.upsert(message('H2'))).toBe(true);
      expect(await writes.upsert(message('H1'))).toBe(false);
      expect(await client.db('hang').collection(COLLECTIONS.messages).countDocuments()).toBe(3);
      await client.close();
    } finally {
      devdb.kill('SIGCONT');
      devdb.kill('SIGKILL');
    }
  }, 30_000);

  it('moves a status only forward, and tells which writes of one batch moved it', async () => {
    const writes = new MessageWrites(messagesCollection());
    await Promise.all(['B1', 'B2', 'B3'].map((id) => writes.upsert(message(id))));
    await store.messages.setStatus('acc', 'B2', 'read');
    // B2 is already read (no move), B1 and B3 move: the bulk count alone cannot tell which.
    const moved = await Promise.all([
      writes.setStatus('acc', 'B1', 'delivered'),
      writes.setStatus('acc', 'B2', 'delivered'),
      writes.setStatus('acc', 'B3', 'sent'),
      writes.setStatus('acc', 'B-missing', 'delivered'),
    ]);
    expect(moved).toEqual([true, false, true, false]);
    expect((await store.messages.get('acc', 'B1'))?.status).toBe('delivered');
    expect((await store.messages.get('acc', 'B2'))?.status).toBe('read');
    expect((await store.messages.get('acc', 'B3'))?.status).toBe('sent');
  });

  it('keeps the order of writes to one message made in the same turn', async () => {
    const writes = new MessageWrites(messagesCollection());
    const [inserted, sent, delivered, late] = await Promise.all([
      writes.upsert(message('C1')),
      writes.setStatus('acc', 'C1', 'sent'),
      writes.setStatus('acc', 'C1', 'delivered'),
      writes.setStatus('acc', 'C1', 'sent'),
    ]);
    expect([inserted, sent, delivered, late]).toEqual([true, true, true, false]);
    expect((await store.messages.get('acc', 'C1'))?.status).toBe('delivered');
  });

  it('records a failure with its error', async () => {
    const writes = new MessageWrites(messagesCollection());
    await writes.upsert(message('D1'));
    expect(await writes.setStatus('acc', 'D1', 'failed', 'not connected')).toBe(true);
    expect(await store.messages.get('acc', 'D1')).toMatchObject({ status: 'failed', error: 'not connected' });
  });

  it('fails the writes of a batch the database refused, and writes the next batch', async () => {
    const collection = messagesCollection();
    const writes = new MessageWrites(collection);
    const bulk = vi.spyOn(collection, 'bulkWrite').mockRejectedValueOnce(new Error('connection reset'));
    await expect(Promise.all([writes.upsert(message('E1')), writes.upsert(message('E2'))])).rejects.toThrow(
      'connection reset',
    );
    expect(await writes.upsert(message('E1'))).toBe(true);
    bulk.mockRestore();
  });

  it('is what the messages repository hands a worker', async () => {
    const writes = store.messages.batchedWrites();
    expect(await Promise.all([writes.upsert(message('F1')), writes.setStatus('acc', 'F1', 'sent')])).toEqual([
      true,
      true,
    ]);
    expect((await store.messages.get('acc', 'F1'))?.status).toBe('sent');
  });
});
