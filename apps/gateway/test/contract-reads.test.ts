import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

const JOHN = '919876543210@s.whatsapp.net';
const TEAM = '123456789-1234567890@g.us';

let t: TestApp;
let mediaId: string;
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

beforeAll(async () => {
  t = await buildTestApp();
  await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'mybot' } });
  await t.store.chats.touch({
    accountId: 'mybot',
    chatId: JOHN,
    name: 'John Doe',
    messageTime: 1730700645123,
    unread: false,
  });
  for (let i = 0; i < 5; i++) {
    await t.store.chats.touch({
      accountId: 'mybot',
      chatId: TEAM,
      name: 'Project Team',
      messageTime: 1730700600123,
      unread: true,
    });
  }
  await t.store.messages.upsert({
    accountId: 'mybot',
    messageId: '3EB0123ABCD456EF',
    chatId: JOHN,
    from: JOHN,
    fromMe: false,
    timestamp: 1730700645123,
    type: 'text',
    text: 'Hello!',
    status: 'received',
  });
  const media = await t.store.media.upload(Readable.from([bytes]), {
    accountId: 'mybot',
    messageId: '3EB0456DEFG789HI',
    mimetype: 'image/jpeg',
    fileName: 'photo ü.jpg',
  });
  mediaId = media.mediaId;
  await t.store.messages.upsert({
    accountId: 'mybot',
    messageId: '3EB0456DEFG789HI',
    chatId: JOHN,
    from: JOHN,
    fromMe: false,
    timestamp: 1730700650123,
    type: 'image',
    hasMedia: true,
    mediaId,
    caption: 'Check this out',
    status: 'received',
  });
  for (let i = 0; i < 120; i++) {
    await t.store.messages.upsert({
      accountId: 'mybot',
      messageId: `BULK${String(i).padStart(4, '0')}`,
      chatId: TEAM,
      from: JOHN,
      fromMe: false,
      timestamp: 1_000_000 + i,
      type: 'text',
      text: `n${i}`,
      status: 'received',
    });
  }
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('GET /accounts/:accountId/chats', () => {
  it('lists chats newest activity first, exactly as the reference', async () => {
    const response = await get('/accounts/mybot/chats');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      chats: [
        { chatId: JOHN, name: 'John Doe', unreadCount: 0, lastMessageTime: 1730700645123 },
        { chatId: TEAM, name: 'Project Team', unreadCount: 5, lastMessageTime: 1730700600123 },
      ],
    });
  });

  it('pages with limit and skip (or offset)', async () => {
    expect(
      (await get('/accounts/mybot/chats?limit=1')).json().chats.map((c: { chatId: string }) => c.chatId),
    ).toEqual([JOHN]);
    expect(
      (await get('/accounts/mybot/chats?skip=1')).json().chats.map((c: { chatId: string }) => c.chatId),
    ).toEqual([TEAM]);
    expect((await get('/accounts/mybot/chats?offset=1')).json().chats).toHaveLength(1);
    const bad = await get('/accounts/mybot/chats?limit=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ ok: false, error: 'limit must be an integer of at least 1' });
  });

  it('404 for an unknown account', async () => {
    expect((await get('/accounts/nobody/chats')).json()).toEqual({ ok: false, error: 'Account not found' });
  });
});

describe('GET /accounts/:accountId/chats/:chatId/messages', () => {
  it('returns the chat’s messages newest first in the reference shape', async () => {
    const response = await get(`/accounts/mybot/chats/${JOHN}/messages`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      messages: [
        {
          messageId: '3EB0456DEFG789HI',
          from: JOHN,
          chatId: JOHN,
          timestamp: 1730700650123,
          type: 'image',
          hasMedia: true,
          mediaId,
          caption: 'Check this out',
          fromMe: false,
          status: 'received',
        },
        {
          messageId: '3EB0123ABCD456EF',
          from: JOHN,
          chatId: JOHN,
          timestamp: 1730700645123,
          text: 'Hello!',
          type: 'text',
          fromMe: false,
          status: 'received',
        },
      ],
    });
  });

  it('limit defaults to 50 and caps at 100; skip, offset, before and after', async () => {
    const url = `/accounts/mybot/chats/${TEAM}/messages`;
    expect((await get(url)).json().messages).toHaveLength(50);
    expect((await get(`${url}?limit=500`)).json().messages).toHaveLength(100);
    expect((await get(`${url}?limit=2&skip=1`)).json().messages.map((m: { text: string }) => m.text)).toEqual(
      ['n118', 'n117'],
    );
    expect(
      (await get(`${url}?limit=2&offset=1`)).json().messages.map((m: { text: string }) => m.text),
    ).toEqual(['n118', 'n117']);
    expect((await get(`${url}?before=1000002`)).json().messages.map((m: { text: string }) => m.text)).toEqual(
      ['n1', 'n0'],
    );
    expect((await get(`${url}?after=1000117`)).json().messages.map((m: { text: string }) => m.text)).toEqual([
      'n119',
      'n118',
    ]);
  });

  it('400 for a chat id that is not a JID', async () => {
    const response = await get('/accounts/mybot/chats/not-a-jid/messages');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ ok: false, error: 'chatId must be a valid WhatsApp JID' });
  });
});

describe('GET /accounts/:accountId/messages/:messageId', () => {
  it('returns one message with its chat', async () => {
    const response = await get('/accounts/mybot/messages/3EB0123ABCD456EF');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      message: {
        messageId: '3EB0123ABCD456EF',
        from: JOHN,
        chatId: JOHN,
        timestamp: 1730700645123,
        text: 'Hello!',
        type: 'text',
        fromMe: false,
        status: 'received',
      },
    });
    expect((await get('/accounts/mybot/messages/NOPE')).json()).toEqual({
      ok: false,
      error: 'Message not found',
    });
  });
});

describe('GET /accounts/:accountId/messages/:messageId/media', () => {
  const url = '/accounts/mybot/messages/3EB0456DEFG789HI/media';

  it('streams the file with Content-Type, Content-Length and Content-Disposition', async () => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
    expect(response.headers['content-type']).toBe('image/jpeg');
    expect(response.headers['content-length']).toBe('1000');
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.headers['content-disposition']).toBe(
      `inline; filename="photo _.jpg"; filename*=UTF-8''photo%20%C3%BC.jpg`,
    );
  });

  it('honours Range: 206 with Content-Range, suffix ranges, 416 past the end', async () => {
    const part = await get(url, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/1000');
    expect(part.headers['content-length']).toBe('10');
    expect(part.rawPayload.equals(bytes.subarray(10, 20))).toBe(true);
    const tail = await get(url, { range: 'bytes=-5' });
    expect(tail.rawPayload.equals(bytes.subarray(995))).toBe(true);
    const open = await get(url, { range: 'bytes=990-' });
    expect(open.headers['content-range']).toBe('bytes 990-999/1000');
    const beyond = await get(url, { range: 'bytes=5000-' });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe('bytes */1000');
    expect(beyond.json()).toEqual({ ok: false, error: 'Range not satisfiable' });
  });

  it('accepts a media id where the route says messageId', async () => {
    const response = await get(`/accounts/mybot/messages/${mediaId}/media`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
  });

  it('404 "Message not found" / "No media in message"', async () => {
    expect((await get('/accounts/mybot/messages/NOPE/media')).json()).toEqual({
      ok: false,
      error: 'Message not found',
    });
    const text = await get('/accounts/mybot/messages/3EB0123ABCD456EF/media');
    expect(text.statusCode).toBe(404);
    expect(text.json()).toEqual({ ok: false, error: 'No media in message' });
    expect((await get(`/accounts/other/messages/${mediaId}/media`)).statusCode).toBe(404);
  });
});

describe('the original server’s read routes', () => {
  it('GET /messages?accountId pages with pagination', async () => {
    const response = await get('/messages?accountId=mybot&limit=2&skip=1');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.pagination).toEqual({ skip: 1, limit: 2, total: 122, hasMore: true });
    expect(body.messages.map((m: { messageId: string }) => m.messageId)).toEqual([
      '3EB0123ABCD456EF',
      'BULK0119',
    ]);
    expect(body.messages[0].accountId).toBe('mybot');
    const all = await get('/messages?limit=500');
    expect(all.json().pagination).toEqual({ skip: 0, limit: 500, total: 122, hasMore: false });
  });

  it('GET /media lists files; GET /media/:id downloads one', async () => {
    const list = await get('/media?accountId=mybot&messageId=3EB0456DEFG789HI');
    expect(list.json()).toEqual({
      ok: true,
      media: [
        {
          id: mediaId,
          filename: 'photo ü.jpg',
          contentType: 'image/jpeg',
          length: 1000,
          uploadDate: expect.any(String),
          metadata: {
            accountId: 'mybot',
            messageId: '3EB0456DEFG789HI',
            mimetype: 'image/jpeg',
            fileName: 'photo ü.jpg',
          },
        },
      ],
    });
    const file = await get(`/media/${mediaId}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(bytes)).toBe(true);
    expect((await get('/media/0123456789abcdef01234567')).json()).toEqual({
      ok: false,
      error: 'media not found',
    });
    expect((await get('/media/not-an-id')).statusCode).toBe(404);
  });
});

describe('webhooks', () => {
  // A public address literal: the subscription-time SSRF check resolves host names, and these
  // machines have no DNS for the reference's example host.
  const url = 'https://93.184.215.14/whatsapp-webhook';

  it('POST /webhooks: 201 created:true, then 200 created:false', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/webhooks', payload: { url } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      ok: true,
      url,
      created: true,
      id: expect.stringMatching(/^[a-f0-9]{24}$/),
    });
    const second = await t.app.inject({ method: 'POST', url: '/webhooks', payload: { url } });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ ok: true, url, created: false, id: first.json().id });
    const stored = await t.store.webhooks.get(first.json().id);
    expect(stored).toMatchObject({ accountId: null, format: 'seed', url });
  });

  it('400 for a missing, malformed or non-http URL', async () => {
    const cases: [unknown, string][] = [
      [{}, 'url is required and must be a string'],
      [{ url: 42 }, 'url is required and must be a string'],
      [{ url: 'not a url' }, 'invalid URL'],
      [{ url: 'ftp://example.com/x' }, 'only http/https URLs are allowed'],
      [
        { url: 'http://127.0.0.1:8080/hook' },
        'url host 127.0.0.1 resolves to a loopback address; webhooks may only target public addresses',
      ],
      [
        { url: 'http://169.254.169.254/latest/meta-data' },
        'url host 169.254.169.254 resolves to a metadata address; webhooks may only target public addresses',
      ],
    ];
    for (const [payload, error] of cases) {
      const response = await t.app.inject({ method: 'POST', url: '/webhooks', payload: payload as object });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ok: false, error });
    }
  });

  it('GET /webhooks lists them without secrets; DELETE /webhooks/:id removes one', async () => {
    const list = await get('/webhooks');
    expect(list.json()).toEqual({
      ok: true,
      webhooks: [
        {
          id: expect.any(String),
          url,
          accountId: null,
          events: null,
          format: 'seed',
          enabled: true,
          createdAt: expect.any(String),
        },
      ],
    });
    const id = list.json().webhooks[0].id;
    const removed = await t.app.inject({ method: 'DELETE', url: `/webhooks/${id}` });
    expect(removed.json()).toEqual({ ok: true, message: 'Webhook deleted' });
    const again = await t.app.inject({ method: 'DELETE', url: `/webhooks/${id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ ok: false, error: 'Webhook not found' });
    expect((await get('/webhooks')).json().webhooks).toEqual([]);
  });
});

describe('POST /accounts/:accountId/chats/:chatId/read', () => {
  it('clears the unread count of that chat only and queues its read receipts', async () => {
    // No worker runs here: ?wait=false answers once the receipts job is queued.
    const read = await t.app.inject({ method: 'POST', url: `/accounts/mybot/chats/${TEAM}/read?wait=false` });
    expect(read.statusCode).toBe(202);
    expect(read.json()).toEqual({ ok: true, status: 'queued' });
    const chats = (await get('/accounts/mybot/chats')).json().chats as {
      chatId: string;
      unreadCount: number;
    }[];
    expect(chats.find((chat) => chat.chatId === TEAM)?.unreadCount).toBe(0);
  });

  it('listed messageIds must be messages received in that chat (404 naming them, 400 when malformed)', async () => {
    const url = `/accounts/mybot/chats/${TEAM}/read?wait=false`;
    const listed = await t.app.inject({
      method: 'POST',
      url,
      payload: { messageIds: ['BULK0001', 'BULK0002'] },
    });
    expect([listed.statusCode, listed.json()]).toEqual([202, { ok: true, status: 'queued' }]);
    const other = await t.app.inject({
      method: 'POST',
      url,
      payload: { messageIds: ['BULK0001', '3EB0123ABCD456EF'] },
    });
    expect([other.statusCode, other.json()]).toEqual([
      404,
      { ok: false, error: 'No received message in this chat with id 3EB0123ABCD456EF' },
    ]);
    for (const body of [{ messageIds: [] }, { messageIds: 'BULK0001' }, { messageIds: ['bad id!'] }]) {
      const bad = await t.app.inject({ method: 'POST', url, payload: body });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatch(/messageIds must be/);
    }
  });

  it('404 for an unknown chat or account', async () => {
    const chat = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/chats/15559990000@s.whatsapp.net/read',
    });
    expect(chat.statusCode).toBe(404);
    expect(chat.json()).toEqual({ ok: false, error: 'Chat not found' });
    const account = await t.app.inject({ method: 'POST', url: `/accounts/nobody/chats/${TEAM}/read` });
    expect(account.json()).toEqual({ ok: false, error: 'Account not found' });
  });
});
