import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { waitFor } from '@wildcat/testkit';
import { NotConnectedError } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandboxEngine,
  enableSandboxTrace,
  injectSandboxDisconnect,
  liveSocketCount,
  NoPendingQrError,
  sandboxDeliveries,
  sandboxStats,
  scanSandboxQr,
} from '../src/index.js';
import { client, connectRecorded, memoryAuth, pairRecorded, useSandbox } from './helpers.js';

const sandbox = useSandbox({ engine: true });
const extra: Redis[] = [];

beforeAll(async () => {
  await enableSandboxTrace(sandbox.redis);
});

afterAll(() => {
  for (const other of extra) other.disconnect();
});

const paired = (accountId: string) => pairRecorded(sandbox, accountId);

describe('sandbox engine', () => {
  it('creds another engine wrote (Baileys-shaped) → one close 401 saying they are unusable, no QR', async () => {
    const auth = memoryAuth();
    await auth.writeCreds({ registrationId: 1, advSecretKey: 'x', me: { id: '15550007777@s.whatsapp.net' } });
    const other = await connectRecorded(sandbox.engine, 'from-baileys', auth);
    await waitFor(() => other.log.closes.length > 0, { what: 'close for foreign creds' });
    expect(other.log.closes[0]).toMatchObject({ code: 401, wasOpen: false });
    expect(other.log.closes[0]?.reason).toMatch(/unusable by the sandbox engine/);
    expect(other.log.qrs).toEqual([]);
    expect(other.log.opens).toEqual([]);
  });

  it('shows a QR, pairs on scan and refuses a scan with no QR pending', async () => {
    await expect(scanSandboxQr(sandbox.redis, 'nobody')).rejects.toBeInstanceOf(NoPendingQrError);
    const alice = await paired('qr-alice');
    expect(alice.log.qrs[0]).toMatch(/^wcsbx:\/\/pair\/qr-alice\//);
    expect(alice.jid).toMatch(/^\d+@s\.whatsapp\.net$/);
    expect(alice.log.opens).toEqual([alice.jid]);
    expect(alice.session.isOpen()).toBe(true);
    await expect(scanSandboxQr(sandbox.redis, 'qr-alice')).rejects.toBeInstanceOf(NoPendingQrError);
    // Closing keeps the credentials: the next socket logs in without a QR, under the same number.
    await alice.session.close();
    const again = await connectRecorded(sandbox.engine, 'qr-alice', alice.auth);
    await waitFor(() => again.log.opens.length > 0);
    expect(again.log.qrs).toEqual([]);
    expect(again.log.opens).toEqual([alice.jid]);
    await again.session.close();
  });

  it('carries text, replies, reactions and revokes with delivered and read receipts', async () => {
    const a = await paired('t-a');
    const b = await paired('t-b');
    await a.session.send({ kind: 'text', messageId: 'M1', to: b.jid, text: 'hello' });
    await a.session.send({ kind: 'reply', messageId: 'M2', to: b.jid, text: 'again', quotedMessageId: 'M1' });
    await b.session.send({ kind: 'react', messageId: 'R1', to: a.jid, targetMessageId: 'M1', emoji: '👍' });
    await b.session.send({ kind: 'delete', messageId: 'D1', to: a.jid, targetMessageId: 'X9' });
    await waitFor(() => b.log.messages.length === 2 && a.log.messages.length === 2);
    expect(b.log.messages.map((m) => [m.id, m.type, m.from, m.chatId, m.quotedMessageId])).toEqual([
      ['M1', 'text', a.jid, a.jid, undefined],
      ['M2', 'text', a.jid, a.jid, 'M1'],
    ]);
    expect(a.log.messages[0]).toMatchObject({ type: 'reaction', targetId: 'M1', emoji: '👍' });
    expect(a.log.messages[1]).toMatchObject({ type: 'revoke', targetId: 'X9' });
    await waitFor(() => a.log.receipts.length === 2);
    expect(a.log.receipts.map((r) => [r.messageId, r.status, r.from])).toEqual([
      ['M1', 'delivered', b.jid],
      ['M2', 'delivered', b.jid],
    ]);
    await b.session.markRead(a.jid, ['M1']);
    await waitFor(() => a.log.receipts.length === 3);
    expect(a.log.receipts[2]).toMatchObject({ messageId: 'M1', status: 'read' });
    // A resend of the same id (a re-run job after a crash) reaches the recipient once.
    await a.session.send({ kind: 'text', messageId: 'M1', to: b.jid, text: 'hello' });
    expect((await sandboxStats(sandbox.redis)).duplicates).toBe(1);
    expect((await sandboxDeliveries(sandbox.redis)).get('t-b/M1')).toBe(1);
    await Promise.all([a.session.close(), b.session.close()]);
  });

  it('streams media byte-exact to the recipient and accepts JIDs outside the sandbox', async () => {
    const a = await paired('m-a');
    const b = await paired('m-b');
    const bytes = Buffer.alloc(700_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const stream = Readable.from([bytes.subarray(0, 300_000), bytes.subarray(300_000)]);
    await a.session.send({
      kind: 'document',
      messageId: 'DOC1',
      to: b.jid,
      caption: 'invoice',
      media: { stream, mimetype: 'application/pdf', fileName: 'a.pdf' },
    });
    await waitFor(() => b.log.messages.length === 1);
    const inbound = b.log.messages[0]!;
    if (inbound.type !== 'document') throw new Error('expected a document');
    expect(inbound).toMatchObject({ caption: 'invoice' });
    expect(inbound.media).toMatchObject({
      mimetype: 'application/pdf',
      fileName: 'a.pdf',
      length: bytes.length,
    });
    // The media is only readable while the handler runs (then the network drops it), as a worker
    // streams it into GridFS inside its handler.
    let digest = '';
    const reader = await paired('m-c');
    reader.handlers.onMessage = async (message) => {
      if (message.type !== 'image') return;
      const hash = createHash('sha256');
      for await (const chunk of await message.media.open()) hash.update(chunk as Buffer);
      digest = hash.digest('hex');
      reader.log.messages.push(message);
    };
    await a.session.send({
      kind: 'image',
      messageId: 'IMG1',
      to: reader.jid,
      media: { stream: Readable.from([bytes]), mimetype: 'image/png' },
      quotedMessageId: 'Q1',
    });
    await waitFor(() => reader.log.messages.length === 1);
    // A media message quoting another arrives as a reply to it, like a text reply.
    expect(reader.log.messages[0]?.quotedMessageId).toBe('Q1');
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    await a.session.send({ kind: 'text', messageId: 'EXT1', to: '919876543210@s.whatsapp.net', text: 'hi' });
    await waitFor(() => a.log.receipts.some((r) => r.messageId === 'EXT1' && r.status === 'delivered'));
    await Promise.all([a.session.close(), b.session.close(), reader.session.close()]);
  });

  it('acknowledges sends outside the sandbox of every kind, and drains a long inbox in order', async () => {
    const a = await paired('x-a');
    const b = await paired('x-b');
    await a.session.send({
      kind: 'document',
      messageId: 'EXTDOC',
      to: '919876543210@s.whatsapp.net',
      media: { stream: Readable.from([Buffer.from('pdf')]), mimetype: 'application/pdf' },
    });
    await a.session.send({ kind: 'text', messageId: 'EXTGRP', to: '120363000000000000@g.us', text: 'hi' });
    await waitFor(() => a.log.receipts.length === 2);
    expect(a.log.receipts.map((r) => [r.messageId, r.status]).sort()).toEqual([
      ['EXTDOC', 'delivered'],
      ['EXTGRP', 'delivered'],
    ]);
    // More than one inbox batch (50), sent faster than the recipient drains them.
    const ids = Array.from({ length: 120 }, (_, i) => `L${i}`);
    await Promise.all(ids.map((id) => a.session.send({ kind: 'text', messageId: id, to: b.jid, text: id })));
    await waitFor(() => b.log.messages.length === 120);
    expect(b.log.messages.map((m) => m.id).sort()).toEqual([...ids].sort());
    await waitFor(() => a.log.receipts.length === 122);
    await Promise.all([a.session.close(), b.session.close()]);
  });

  it('refuses sends on a closed socket', async () => {
    const a = await paired('nc-a');
    await a.session.close();
    await expect(
      a.session.send({ kind: 'text', messageId: 'Z', to: a.jid, text: 'x' }),
    ).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('counts live sockets, replaces an older socket with 440 and forgets sockets of dead processes', async () => {
    const first = await paired('s-a');
    expect(await liveSocketCount(sandbox.redis, 's-a')).toBe(1);
    const other = client(sandbox.url);
    extra.push(other);
    const otherEngine = createSandboxEngine({ redis: other });
    const second = await connectRecorded(otherEngine, 's-a', first.auth);
    await waitFor(() => first.log.closes.length === 1);
    expect(first.log.closes[0]).toMatchObject({ code: 440, wasOpen: true });
    expect((await sandboxStats(sandbox.redis)).conflicts).toBe(1);
    await waitFor(() => second.log.opens.length === 1);
    expect(await liveSocketCount(sandbox.redis, 's-a')).toBe(1);
    // A process killed with its socket: its Redis connection drops, and so does its socket.
    other.disconnect();
    await waitFor(async () => (await liveSocketCount(sandbox.redis, 's-a')) === 0);
    await otherEngine.close();
  });

  it('reports injected disconnect codes; 401 unlinks the device', async () => {
    for (const code of [403, 408, 428, 440, 500, 503, 515]) {
      const a = await paired(`inj-${code}`);
      expect(await injectSandboxDisconnect(sandbox.redis, `inj-${code}`, code)).toBe(1);
      await waitFor(() => a.log.closes.length === 1);
      expect(a.log.closes[0]).toMatchObject({ code, wasOpen: true });
      expect(await liveSocketCount(sandbox.redis, `inj-${code}`)).toBe(0);
    }
    const a = await paired('inj-401');
    await injectSandboxDisconnect(sandbox.redis, 'inj-401', 401);
    await waitFor(() => a.log.closes.length === 1);
    const again = await connectRecorded(sandbox.engine, 'inj-401', a.auth);
    await waitFor(() => again.log.closes.length === 1);
    expect(again.log.closes[0]).toMatchObject({ code: 401, wasOpen: false });
  });

  it('closes with 408 when the QR is not scanned in time', async () => {
    const short = createSandboxEngine({ redis: sandbox.redis, qrTimeoutMs: 200 });
    const a = await connectRecorded(short, 'qr-timeout');
    await waitFor(() => a.log.closes.length === 1);
    expect(a.log.closes[0]).toMatchObject({ code: 408, wasOpen: false });
    await expect(scanSandboxQr(sandbox.redis, 'qr-timeout')).rejects.toBeInstanceOf(NoPendingQrError);
    await short.close();
  });

  it('logout unlinks and wipes credentials', async () => {
    const a = await paired('lo-a');
    await a.session.logout();
    expect(a.auth.creds).toBeUndefined();
    const again = await connectRecorded(sandbox.engine, 'lo-a', a.auth);
    await waitFor(() => again.log.qrs.length === 1);
    await again.session.close();
  });
});

describe('sandbox engine: presence', () => {
  it('the network keeps the last presence an account announced; a closed socket refuses', async () => {
    const a = await paired('p-a');
    await a.session.sendPresence('composing', '15550001111@s.whatsapp.net');
    const record = JSON.parse((await sandbox.redis.get('wc:{sbx}:presence:p-a')) ?? '{}');
    expect(record).toMatchObject({ state: 'composing', chatId: '15550001111@s.whatsapp.net' });
    await a.session.sendPresence('available');
    expect(JSON.parse((await sandbox.redis.get('wc:{sbx}:presence:p-a')) ?? '{}')).toMatchObject({
      state: 'available',
    });
    expect(await sandbox.redis.ttl('wc:{sbx}:presence:p-a')).toBeGreaterThan(0);
    await a.session.close();
    await expect(a.session.sendPresence('paused', a.jid)).rejects.toBeInstanceOf(NotConnectedError);
  });
});
