import { randomBytes } from 'node:crypto';
import { startDevdb } from '@wildcat/devdb';
import type { WildcatEvent } from '@wildcat/jobs';
import { createStore, type Store } from '@wildcat/store';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageNotStoredError } from '../src/errors/message-not-stored-error.js';
import { createInboundPersister } from '../src/inbound/inbound-persister.js';

let devdb: Awaited<ReturnType<typeof startDevdb>>;
let store: Store;

beforeAll(async () => {
  devdb = await startDevdb({ quiet: true });
  store = await createStore({ url: devdb.url, dbName: `inb_${randomBytes(4).toString('hex')}` });
});

afterAll(async () => {
  await store?.close();
  await devdb?.close();
});

const text = (id: string) => ({
  type: 'text' as const,
  id,
  chatId: '15550001111@s.whatsapp.net',
  from: '15550001111@s.whatsapp.net',
  fromMe: false,
  timestamp: Date.now(),
  text: `hello ${id}`,
});

describe('inbound persister', () => {
  it('stores a message once and publishes the same event again for a re-delivery', async () => {
    const events: WildcatEvent[] = [];
    const persister = createInboundPersister({
      store,
      publish: async (event) => void events.push(event),
      logger: pino({ level: 'silent' }),
    });
    await persister.message('acc-inb', text('3EB0AAA1'));
    await persister.message('acc-inb', text('3EB0AAA1'));
    expect((await store.messages.listByAccount('acc-inb', { limit: 10, skip: 0 })).total).toBe(1);
    expect(events.map((event) => event.id)).toHaveLength(2);
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
  });

  it('fails (so the engine hands the message over again) when its insert says "stored" but no copy exists', async () => {
    const events: WildcatEvent[] = [];
    const persister = createInboundPersister({
      store,
      publish: async (event) => void events.push(event),
      logger: pino({ level: 'silent' }),
      // A batch whose answer was lost: the insert reports "not inserted" and nothing is stored.
      messageWrites: { upsert: async () => false, setStatus: async () => false },
    });
    await expect(persister.message('acc-inb', text('3EB0BBB2'))).rejects.toBeInstanceOf(
      MessageNotStoredError,
    );
    expect(events).toEqual([]);
  });
});
