import { describe, expect, it } from 'vitest';
import type { NewMessage } from '../src/index.js';
import { useStore } from './store-fixture.js';

const store = useStore();

const chat = '919876543210@s.whatsapp.net';
const message = (n: number, overrides: Partial<NewMessage> = {}): NewMessage => ({
  accountId: 'acc',
  messageId: `MSG${String(n).padStart(4, '0')}`,
  chatId: chat,
  from: chat,
  fromMe: false,
  timestamp: 1_730_700_000_000 + n * 1_000,
  type: 'text',
  text: `hello ${n}`,
  status: 'received',
  ...overrides,
});

describe('messages', () => {
  it('upserts idempotently on (accountId, messageId)', async () => {
    expect(await store.messages.upsert(message(1))).toBe(true);
    expect(await store.messages.upsert(message(1, { text: 'changed' }))).toBe(false);
    expect((await store.messages.get('acc', 'MSG0001'))?.text).toBe('hello 1');
    // The same message id in another account is another message.
    expect(await store.messages.upsert(message(1, { accountId: 'other' }))).toBe(true);
  });

  it('lists a chat newest first with limit, skip, before and after', async () => {
    for (let n = 2; n <= 30; n++) await store.messages.upsert(message(n));
    await store.messages.upsert(message(99, { chatId: 'x@g.us', messageId: 'ELSEWHERE' }));
    const first = await store.messages.listByChat('acc', chat, { limit: 5, skip: 0 });
    expect(first.map((m) => m.messageId)).toEqual(['MSG0030', 'MSG0029', 'MSG0028', 'MSG0027', 'MSG0026']);
    const second = await store.messages.listByChat('acc', chat, { limit: 5, skip: 5 });
    expect(second[0]?.messageId).toBe('MSG0025');
    const before = await store.messages.listByChat('acc', chat, {
      limit: 3,
      skip: 0,
      before: message(10).timestamp,
    });
    expect(before.map((m) => m.messageId)).toEqual(['MSG0009', 'MSG0008', 'MSG0007']);
    const after = await store.messages.listByChat('acc', chat, {
      limit: 100,
      skip: 0,
      after: message(27).timestamp,
    });
    expect(after.map((m) => m.messageId)).toEqual(['MSG0030', 'MSG0029', 'MSG0028']);
    const all = await store.messages.listByAccount('acc', { limit: 2, skip: 0 });
    expect(all.total).toBe(31);
    expect(all.messages[0]?.messageId).toBe('ELSEWHERE');
    // Across accounts: the other account's MSG0001 counts too.
    const everywhere = await store.messages.listAll({ limit: 3, skip: 0 });
    expect(everywhere.total).toBe(32);
    expect(everywhere.messages.map((m) => m.messageId)).toEqual(['ELSEWHERE', 'MSG0030', 'MSG0029']);
    expect(everywhere.messages[0]).not.toHaveProperty('content');
  });

  it('shows a failed send, and lets a successful retry replace it', async () => {
    await store.messages.upsert(message(101, { fromMe: true, status: 'queued' }));
    expect(await store.messages.setStatus('acc', 'MSG0101', 'failed', 'not connected')).toBe(true);
    expect(await store.messages.get('acc', 'MSG0101')).toMatchObject({
      status: 'failed',
      error: 'not connected',
    });
    expect(await store.messages.setStatus('acc', 'MSG0101', 'queued')).toBe(false);
    expect(await store.messages.setStatus('acc', 'MSG0101', 'sent')).toBe(true);
    expect((await store.messages.get('acc', 'MSG0101'))?.status).toBe('sent');
  });

  it('moves ack status forward only', async () => {
    await store.messages.upsert(message(100, { fromMe: true, status: 'queued' }));
    expect(await store.messages.setStatus('acc', 'MSG0100', 'sent')).toBe(true);
    expect(await store.messages.setStatus('acc', 'MSG0100', 'read')).toBe(true);
    expect(await store.messages.setStatus('acc', 'MSG0100', 'delivered')).toBe(false);
    expect((await store.messages.get('acc', 'MSG0100'))?.status).toBe('read');
  });
});

describe('chats', () => {
  it('counts unread, keeps the newest time, lists newest first with paging', async () => {
    await store.chats.touch({
      accountId: 'acc',
      chatId: 'a@s.whatsapp.net',
      name: 'A',
      messageTime: 3_000,
      unread: true,
    });
    await store.chats.touch({
      accountId: 'acc',
      chatId: 'a@s.whatsapp.net',
      messageTime: 1_000,
      unread: true,
    });
    await store.chats.touch({
      accountId: 'acc',
      chatId: 'b@s.whatsapp.net',
      name: 'B',
      messageTime: 2_000,
      unread: false,
    });
    await store.chats.touch({
      accountId: 'acc',
      chatId: 'c@g.us',
      name: 'C',
      messageTime: 5_000,
      unread: false,
    });
    const chats = await store.chats.list('acc', { limit: 50, skip: 0 });
    expect(chats).toEqual([
      expect.objectContaining({ chatId: 'c@g.us', name: 'C', unreadCount: 0, lastMessageTime: 5_000 }),
      expect.objectContaining({
        chatId: 'a@s.whatsapp.net',
        name: 'A',
        unreadCount: 2,
        lastMessageTime: 3_000,
      }),
      expect.objectContaining({
        chatId: 'b@s.whatsapp.net',
        name: 'B',
        unreadCount: 0,
        lastMessageTime: 2_000,
      }),
    ]);
    expect((await store.chats.list('acc', { limit: 1, skip: 1 })).map((c) => c.chatId)).toEqual([
      'a@s.whatsapp.net',
    ]);
    await store.chats.markRead('acc', 'a@s.whatsapp.net');
    expect((await store.chats.get('acc', 'a@s.whatsapp.net'))?.unreadCount).toBe(0);
  });
});
