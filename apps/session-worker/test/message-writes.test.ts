import { startDevdb } from '@wildcat/devdb';
import { createStore, type NewMessage, type Store } from '@wildcat/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageWrites } from '../src/store-writes/message-writes.js';

let devdb: Awaited<ReturnType<typeof startDevdb>>;
let store: Store;

beforeAll(async () => {
  devdb = await startDevdb({ quiet: true });
  store = await createStore({ url: devdb.url, dbName: 'writes' });
});

afterAll(async () => {
  await store.close();
  await devdb.close();
});

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
    const writes = new MessageWrites(store.messages.collection);
    const bulk = vi.spyOn(store.messages.collection, 'bulkWrite');
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

  it('moves a status only forward, and tells which writes of one batch moved it', async () => {
    const writes = new MessageWrites(store.messages.collection);
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
    const writes = new MessageWrites(store.messages.collection);
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
    const writes = new MessageWrites(store.messages.collection);
    await writes.upsert(message('D1'));
    expect(await writes.setStatus('acc', 'D1', 'failed', 'not connected')).toBe(true);
    expect(await store.messages.get('acc', 'D1')).toMatchObject({ status: 'failed', error: 'not connected' });
  });

  it('fails the writes of a batch the database refused, and writes the next batch', async () => {
    const writes = new MessageWrites(store.messages.collection);
    const bulk = vi
      .spyOn(store.messages.collection, 'bulkWrite')
      .mockRejectedValueOnce(new Error('connection reset'));
    await expect(Promise.all([writes.upsert(message('E1')), writes.upsert(message('E2'))])).rejects.toThrow(
      'connection reset',
    );
    expect(await writes.upsert(message('E1'))).toBe(true);
    bulk.mockRestore();
  });
});
