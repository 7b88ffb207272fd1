import { waitFor } from '@wildcat/testkit';
import { expect } from 'vitest';
import { pair, statusOf, waitForStatus } from './accounts.js';
import { type Api, expectStatus } from './api.js';
import { type MediaKind, mediaFixtures, sendMedia } from './media.js';
import { chatMessages } from './messages.js';
import type { WebhookSink } from './webhook-sink.js';

/**
 * The reference's whole workflow, one step after another, every call to the next gateway in turn:
 * creates, pairs, sends every kind, reads, reconnects and deletes. Run on each Redis mode.
 */
export async function runReferenceWorkflow(api: Api, sink: WebhookSink): Promise<void> {
  const ping = expectStatus(await api.call('GET', '/ping'), 200, 'ping').json;
  expect(ping).toMatchObject({ ok: true, pong: true });

  const hook = await api.call('POST', '/webhooks', { body: { url: sink.url } });
  expect([hook.status, hook.json]).toEqual([
    201,
    expect.objectContaining({ ok: true, url: sink.url, created: true }),
  ]);
  const again = await api.call('POST', '/webhooks', { body: { url: sink.url } });
  expect([again.status, again.json]).toEqual([200, expect.objectContaining({ ok: true, created: false })]);

  // ── create
  const created = await api.call('POST', '/accounts', {
    body: { id: 'alice', name: 'Alice', collectionName: 'auth_alice' },
  });
  expect(created.status).toBe(201);
  expect(created.json).toEqual({
    ok: true,
    account: expect.objectContaining({
      _id: 'alice',
      name: 'Alice',
      collectionName: 'auth_alice',
      status: 'connecting',
      createdAt: expect.any(String),
    }),
  });
  expect(expectStatus(await api.call('POST', '/accounts', { body: { id: 'bob' } }), 201, 'bob').json.ok).toBe(
    true,
  );
  const duplicate = await api.call('POST', '/accounts', { body: { id: 'alice' } });
  expect([duplicate.status, duplicate.json]).toEqual([400, { ok: false, error: 'Account already exists' }]);
  const noId = await api.call('POST', '/accounts', { body: { name: 'nobody' } });
  expect([noId.status, noId.json]).toEqual([400, { ok: false, error: 'id is required' }]);

  // ── QR: in the status (as the original CLI reads it), in the list and from /qr
  const waiting = await waitForStatus(api, 'alice', (s) => typeof s.qr === 'string' && s.qr !== '', 'a QR');
  expect(waiting).toMatchObject({
    ok: true,
    status: 'connecting',
    accountId: 'alice',
    collection: 'auth_alice',
  });
  const listed = expectStatus(await api.call('GET', '/accounts'), 200, 'list').json.accounts;
  expect(listed.find((a: { _id: string }) => a._id === 'alice')).toMatchObject({ hasQR: true });
  const qr = expectStatus(await api.call('GET', '/accounts/alice/qr'), 200, 'qr').json;
  expect(qr).toMatchObject({ ok: true, accountId: 'alice', qr: waiting.qr });
  expect(qr.qrDataUrl).toMatch(/^data:image\/png;base64,/);

  // ── connect (the sandbox phone scans)
  const alice = await pair(api, 'alice');
  const bob = await pair(api, 'bob');
  const account = expectStatus(await api.call('GET', '/accounts/alice'), 200, 'alice').json.account;
  expect(account).toMatchObject({
    _id: 'alice',
    status: 'connected',
    currentStatus: 'connected',
    hasQR: false,
  });
  const noQr = await api.call('GET', '/accounts/alice/qr');
  expect(noQr.status).toBe(404);

  // ── send every kind, alice → bob
  const sent = {} as Record<'text' | 'reply' | MediaKind, string>;
  const text = expectStatus(
    await api.call('POST', '/accounts/alice/message/send', {
      body: { to: bob.jid, message: 'Hello Bob! 🐱\nline 2' },
    }),
    200,
    'text',
  ).json;
  expect(text).toEqual({ ok: true, messageId: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
  sent.text = text.messageId;
  const media = mediaFixtures();
  for (const fixture of media) {
    const answer = expectStatus(await sendMedia(api, 'alice', bob.jid, fixture), 200, fixture.kind).json;
    expect(answer).toEqual({ ok: true, messageId: expect.any(String) });
    sent[fixture.kind] = answer.messageId;
  }

  // ── bob writes back; alice replies to it, reacts to it, deletes her first text
  const fromBob = expectStatus(
    await api.call('POST', '/accounts/bob/message/send', { body: { to: alice.jid, message: 'Hi Alice' } }),
    200,
    'bob text',
  ).json.messageId as string;
  await waitFor(async () => (await api.call('GET', `/accounts/alice/messages/${fromBob}`)).status === 200, {
    what: "bob's text at alice",
    timeoutMs: 20_000,
    intervalMs: 200,
  });
  const reply = expectStatus(
    await api.call('POST', '/accounts/alice/message/reply', {
      body: { to: bob.jid, message: 'Thanks!', quotedMessageId: fromBob },
    }),
    200,
    'reply',
  ).json;
  sent.reply = reply.messageId;
  const react = expectStatus(
    await api.call('POST', '/accounts/alice/message/react', {
      body: { to: bob.jid, messageId: fromBob, emoji: '👍' },
    }),
    200,
    'react',
  ).json;
  expect(react).toMatchObject({ ok: true, message: 'Reaction sent' });
  const deleted = expectStatus(
    await api.call('POST', '/accounts/alice/message/delete', {
      body: { to: bob.jid, messageId: sent.text },
    }),
    200,
    'delete',
  ).json;
  expect(deleted).toMatchObject({ ok: true, message: 'Message deleted' });

  // ── bob's chat with alice: exactly what alice sent, his own text, her reaction and the revoke.
  // The revoke is listed as its own message and marks the original deleted in a separate write:
  // wait for both, a reader may see one a moment before the other.
  const inChat = await waitFor(
    async () => {
      const list = await chatMessages(api, 'bob', alice.jid);
      const revoked = typeof list.find((message) => message.messageId === sent.text)?.deletedAt === 'number';
      return list.length >= 9 && revoked ? list : undefined;
    },
    { what: "alice's messages at bob, her revoke applied", timeoutMs: 30_000, intervalMs: 250 },
  );
  const byId = new Map(inChat.map((message) => [message.messageId, message]));
  expect(inChat).toHaveLength(9);
  expect(new Set(byId.keys())).toEqual(
    new Set([...Object.values(sent), react.messageId, deleted.messageId, fromBob]),
  );
  const incoming = { from: alice.jid, chatId: alice.jid, fromMe: false, status: 'received' };
  expect(byId.get(sent.text)).toMatchObject({ ...incoming, type: 'text', text: 'Hello Bob! 🐱\nline 2' });
  expect(byId.get(sent.text)?.deletedAt).toEqual(expect.any(Number));
  expect(byId.get(sent.reply)).toMatchObject({
    ...incoming,
    type: 'text',
    text: 'Thanks!',
    quotedMessageId: fromBob,
  });
  expect(byId.get(react.messageId)).toMatchObject({
    ...incoming,
    type: 'reaction',
    reactionTo: fromBob,
    emoji: '👍',
  });
  expect(byId.get(deleted.messageId)).toMatchObject({ ...incoming, type: 'revoke' });
  expect(byId.get(fromBob)).toMatchObject({
    from: bob.jid,
    chatId: alice.jid,
    fromMe: true,
    type: 'text',
    text: 'Hi Alice',
  });
  for (const fixture of media) {
    expect(byId.get(sent[fixture.kind])).toMatchObject({
      ...incoming,
      type: fixture.kind,
      hasMedia: true,
      mimetype: fixture.mimetype,
      fileName: fixture.fileName,
      ...(fixture.caption ? { caption: fixture.caption } : {}),
    });
  }
  const bobChats = expectStatus(await api.call('GET', '/accounts/bob/chats'), 200, 'chats').json.chats;
  expect(bobChats).toEqual([
    { chatId: alice.jid, name: 'alice', unreadCount: 6, lastMessageTime: expect.any(Number) },
  ]);
  const aliceChats = expectStatus(await api.call('GET', '/accounts/alice/chats'), 200, 'chats').json.chats;
  expect(aliceChats.map((chat: { chatId: string }) => chat.chatId)).toEqual([bob.jid]);

  // ── single messages: bob's copy, and alice's outbound one once bob's phone acknowledged it
  const single = expectStatus(await api.call('GET', `/accounts/bob/messages/${sent.image}`), 200, 'one').json;
  expect(single).toEqual({ ok: true, message: byId.get(sent.image) });
  const acked = await waitFor(
    async () => {
      const { message } = (await api.call('GET', `/accounts/alice/messages/${sent.reply}`)).json;
      return message?.status === 'delivered' ? message : undefined;
    },
    { what: 'the reply delivered', timeoutMs: 20_000, intervalMs: 200 },
  );
  expect(acked).toMatchObject({
    messageId: sent.reply,
    fromMe: true,
    from: alice.jid,
    chatId: bob.jid,
    text: 'Thanks!',
  });
  const missing = await api.call('GET', '/accounts/bob/messages/NOSUCHMESSAGE');
  expect([missing.status, missing.json]).toEqual([404, { ok: false, error: 'Message not found' }]);

  // ── media, byte for byte, on both sides
  for (const fixture of media) {
    for (const owner of ['bob', 'alice']) {
      const file = await api.download(`/accounts/${owner}/messages/${sent[fixture.kind]}/media`);
      expect(file.status, `${fixture.kind} at ${owner}`).toBe(200);
      expect(file.headers.get('content-type')).toContain(fixture.mimetype);
      expect(Number(file.headers.get('content-length'))).toBe(fixture.bytes.length);
      expect(file.bytes.equals(fixture.bytes), `${fixture.kind} bytes at ${owner}`).toBe(true);
    }
  }
  const noMedia = await api.call('GET', `/accounts/bob/messages/${sent.text}/media`);
  expect([noMedia.status, noMedia.json]).toEqual([404, { ok: false, error: 'No media in message' }]);

  // ── the webhook: one seed payload per inbound message (6 at bob, 1 at alice), nothing else
  const expected = [sent.text, ...media.map((m) => sent[m.kind]), sent.reply, fromBob];
  await waitFor(() => sink.deliveries.length >= expected.length, { what: 'webhooks', timeoutMs: 20_000 });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(sink.messageIds().sort()).toEqual([...expected].sort());
  expect(new Set(sink.deliveries.map((d) => d.eventId)).size).toBe(expected.length);
  expect(sink.deliveries.every((d) => d.eventType === 'message')).toBe(true);
  const hello = sink.deliveries.find((d) => d.body.messageId === sent.text)?.body;
  expect(hello).toMatchObject({
    from: alice.jid,
    message: 'Hello Bob! 🐱\nline 2',
    messageId: sent.text,
    timestamp: expect.any(Number),
    accountId: 'bob',
    chatId: alice.jid,
    fromMe: false,
    type: 'text',
  });

  // ── status, disconnect, connect again without a new QR
  const status = await statusOf(api, 'alice');
  expect(status).toMatchObject({ ok: true, status: 'connected', accountId: 'alice', jid: alice.jid });
  expect(new Date(status.lastUpdate).toISOString()).toBe(status.lastUpdate);
  const off = await api.call('POST', '/accounts/alice/disconnect');
  expect([off.status, off.json]).toEqual([200, { ok: true, message: 'Account alice disconnected' }]);
  await waitForStatus(api, 'alice', (s) => s.status === 'not_started', 'disconnected');
  const whileOff = await api.call('POST', '/accounts/alice/message/send', {
    body: { to: bob.jid, message: 'x' },
  });
  expect([whileOff.status, whileOff.json]).toEqual([409, { ok: false, error: 'Account not connected' }]);
  const on = await api.call('POST', '/accounts/alice/connect');
  expect([on.status, on.json]).toEqual([
    200,
    expect.objectContaining({ ok: true, message: 'Attempting to connect alice', status: 'connecting' }),
  ]);
  const seenQr: unknown[] = [];
  await waitForStatus(
    api,
    'alice',
    (s) => {
      seenQr.push(s.qr);
      return s.status === 'connected';
    },
    'connected again',
  );
  expect(seenQr.filter((qr) => qr !== null)).toEqual([]);
  const after = expectStatus(
    await api.call('POST', '/accounts/alice/message/send', {
      body: { to: bob.jid, message: 'back again' },
    }),
    200,
    'send after reconnect',
  ).json.messageId;
  await waitFor(async () => (await api.call('GET', `/accounts/bob/messages/${after}`)).status === 200, {
    what: 'the text after reconnecting at bob',
    timeoutMs: 20_000,
    intervalMs: 200,
  });

  // ── delete the account: gone everywhere
  const removed = await api.call('DELETE', '/accounts/alice');
  expect([removed.status, removed.json]).toEqual([200, { ok: true, message: 'Account alice deleted' }]);
  const gone = { ok: false, error: 'Account not found' };
  for (const path of [
    '/accounts/alice',
    '/accounts/alice/status',
    '/accounts/alice/chats',
    `/accounts/alice/messages/${after}`,
  ]) {
    for (const via of [0, 1]) {
      const answer = await api.call('GET', path, { via });
      expect([path, answer.status, answer.json]).toEqual([path, 404, gone]);
    }
  }
  expect((await api.call('DELETE', '/accounts/alice')).status).toBe(404);
  const leftovers = expectStatus(await api.call('GET', '/messages?accountId=alice'), 200, 'messages').json;
  expect(leftovers.messages).toEqual([]);
  const accounts = expectStatus(await api.call('GET', '/accounts'), 200, 'list').json.accounts;
  expect(accounts.map((a: { _id: string }) => a._id)).toEqual(['bob']);
}
