import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
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

  it('stores every typed content with its fields and puts them on the message event', async () => {
    const events: WildcatEvent[] = [];
    const persister = createInboundPersister({
      store,
      publish: async (event) => void events.push(event),
      logger: pino({ level: 'silent' }),
    });
    const chat = '120363000000000001@g.us';
    const at = { chatId: chat, from: '15550002222@s.whatsapp.net', fromMe: false, timestamp: Date.now() };
    const location = { latitude: 52.52, longitude: 13.405, name: 'Berlin', live: true };
    const contacts = [{ name: 'Ada', phone: '15550003333', vcard: 'BEGIN:VCARD\nEND:VCARD' }];
    const poll = { name: 'Lunch?', options: ['Pizza', 'Salad'], selectableCount: 1 };
    await persister.message('acc-typed', { ...at, id: 'T-LOC', type: 'location', location, forwarded: true });
    await persister.message('acc-typed', { ...at, id: 'T-CON', type: 'contact', contacts });
    await persister.message('acc-typed', { ...at, id: 'T-POLL', type: 'poll', poll });
    await persister.message('acc-typed', { ...at, id: 'T-RAW', type: 'unsupported', raw: '{"x":1}' });
    await persister.message('acc-typed', {
      ...at,
      id: 'T-BTN',
      type: 'text',
      text: 'Yes please',
      selectedId: 'btn-yes',
      mentions: ['15550004444@s.whatsapp.net'],
    });
    await persister.message('acc-typed', {
      ...at,
      id: 'T-PTT',
      type: 'audio',
      media: {
        mimetype: 'audio/ogg; codecs=opus',
        ptt: true,
        open: async () => Readable.from([Buffer.from('ogg')]),
      },
    });
    const get = (id: string) => store.messages.get('acc-typed', id);
    expect(await get('T-LOC')).toMatchObject({
      type: 'location',
      location,
      forwarded: true,
      participant: at.from,
    });
    expect(await get('T-CON')).toMatchObject({ type: 'contact', contacts });
    expect(await get('T-POLL')).toMatchObject({ type: 'poll', poll });
    expect(await get('T-RAW')).toMatchObject({ type: 'unsupported', raw: '{"x":1}' });
    expect(await get('T-BTN')).toMatchObject({ type: 'text', text: 'Yes please', selectedId: 'btn-yes' });
    expect(await get('T-PTT')).toMatchObject({
      type: 'voice',
      hasMedia: true,
      mimetype: 'audio/ogg; codecs=opus',
    });
    const data = Object.fromEntries(events.map((event) => [event.data.messageId, event.data]));
    expect(data['T-LOC']).toMatchObject({
      type: 'location',
      location,
      forwarded: true,
      participant: at.from,
    });
    expect(data['T-CON']).toMatchObject({ type: 'contact', contacts });
    expect(data['T-POLL']).toMatchObject({ type: 'poll', poll });
    expect(data['T-RAW']).toMatchObject({ type: 'unsupported', raw: '{"x":1}' });
    expect(data['T-BTN']).toMatchObject({ selectedId: 'btn-yes', mentions: ['15550004444@s.whatsapp.net'] });
    expect(data['T-PTT']).toMatchObject({ type: 'voice', hasMedia: true });
  });

  it('edits and revokes by the author update the stored message and emit message.edited / message.revoked (and message.deleted)', async () => {
    const events: WildcatEvent[] = [];
    const persister = createInboundPersister({
      store,
      publish: async (event) => void events.push(event),
      logger: pino({ level: 'silent' }),
    });
    const ada = '15550005555@s.whatsapp.net';
    const at = (timestamp: number) => ({ chatId: ada, from: ada, fromMe: false, timestamp });
    await persister.message('acc-chg', { ...at(1000), id: 'C-TXT', type: 'text', text: 'teh plan' });
    await persister.message('acc-chg', {
      ...at(1001),
      id: 'C-IMG',
      type: 'image',
      caption: 'old caption',
      media: { mimetype: 'image/png', open: async () => Readable.from([Buffer.from('png')]) },
    });
    await persister.message('acc-chg', {
      ...at(2000),
      id: 'C-E1',
      type: 'edit',
      targetId: 'C-TXT',
      text: 'the plan',
    });
    await persister.message('acc-chg', {
      ...at(2001),
      id: 'C-E2',
      type: 'edit',
      targetId: 'C-IMG',
      text: 'new caption',
    });
    await persister.message('acc-chg', { ...at(3000), id: 'C-R1', type: 'revoke', targetId: 'C-TXT' });
    expect(await store.messages.get('acc-chg', 'C-TXT')).toMatchObject({
      text: 'the plan',
      editedAt: 2000,
      deletedAt: 3000,
    });
    expect(await store.messages.get('acc-chg', 'C-IMG')).toMatchObject({
      caption: 'new caption',
      editedAt: 2001,
    });
    const edited = events.filter((event) => event.type === 'message.edited');
    expect(edited.map((event) => event.data)).toEqual([
      expect.objectContaining({
        messageId: 'C-TXT',
        text: 'the plan',
        previousText: 'teh plan',
        editedAt: 2000,
      }),
      expect.objectContaining({ messageId: 'C-IMG', text: 'new caption', previousText: 'old caption' }),
    ]);
    expect(events.filter((event) => event.type === 'message.revoked').map((event) => event.data)).toEqual([
      expect.objectContaining({ messageId: 'C-TXT', revokeId: 'C-R1', from: ada }),
    ]);
    expect(
      events.filter((event) => event.type === 'message.deleted').map((event) => event.data.messageId),
    ).toEqual(['C-TXT']);

    // Someone else (another group member) cannot edit or delete it.
    const mallory = { chatId: ada, from: '15550006666@s.whatsapp.net', fromMe: false, timestamp: 4000 };
    await persister.message('acc-chg', {
      ...mallory,
      id: 'C-E3',
      type: 'edit',
      targetId: 'C-IMG',
      text: 'pwned',
    });
    await persister.message('acc-chg', { ...mallory, id: 'C-R2', type: 'revoke', targetId: 'C-IMG' });
    const image = await store.messages.get('acc-chg', 'C-IMG');
    expect(image).toMatchObject({ caption: 'new caption' });
    expect(image?.deletedAt).toBeUndefined();
    expect(
      events.filter((event) => event.data.messageId === 'C-IMG' && event.type !== 'message'),
    ).toHaveLength(1);
  });

  it('an edit or revoke that arrives before its message is folded into the message when it is stored', async () => {
    const events: WildcatEvent[] = [];
    const persister = createInboundPersister({
      store,
      publish: async (event) => void events.push(event),
      logger: pino({ level: 'silent' }),
    });
    const bo = '15550007777@s.whatsapp.net';
    const at = (timestamp: number) => ({ chatId: bo, from: bo, fromMe: false, timestamp });
    await persister.message('acc-late', {
      ...at(2000),
      id: 'L-E1',
      type: 'edit',
      targetId: 'L-TXT',
      text: 'edited first',
    });
    await persister.message('acc-late', { ...at(2100), id: 'L-R1', type: 'revoke', targetId: 'L-GONE' });
    // The changes are announced at once, though their messages are not stored yet.
    expect(events.map((event) => event.type)).toEqual([
      'message.edited',
      'message.deleted',
      'message.revoked',
    ]);
    await persister.message('acc-late', { ...at(1000), id: 'L-TXT', type: 'text', text: 'original' });
    await persister.message('acc-late', { ...at(1001), id: 'L-GONE', type: 'text', text: 'regret' });
    expect(await store.messages.get('acc-late', 'L-TXT')).toMatchObject({
      text: 'edited first',
      editedAt: 2000,
    });
    expect(await store.messages.get('acc-late', 'L-GONE')).toMatchObject({ text: 'regret', deletedAt: 2100 });
    const message = events.find((event) => event.type === 'message' && event.data.messageId === 'L-TXT');
    expect(message?.data).toMatchObject({ text: 'edited first', editedAt: 2000 });
  });
});
