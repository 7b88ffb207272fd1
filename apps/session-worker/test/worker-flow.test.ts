import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { EVENTS_STREAM, readStatus } from '@wildcat/redis-bus';
import { ffmpegTone, waitFor } from '@wildcat/testkit';
import { liveSocketCount } from '@wildcat/wa-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccount, startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker;

beforeAll(async () => {
  env = await startEnvironment(4);
  worker = await startInProcessWorker(env, 'flow-1');
  await waitFor(() => worker.worker.ownership.owned().length === 4, { what: 'all shards owned' });
});

afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

async function events(): Promise<
  Array<{ id: string; type: string; accountId: string; data: Record<string, unknown> }>
> {
  const entries = await env.redis.xrange(EVENTS_STREAM, '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[1]!));
}

describe('session worker (sandbox, one process)', () => {
  it('connects with a QR, pairs, and sends text both ways with receipts and events', async () => {
    const aliceJid = await pairAccount(env, 'alice');
    const bobJid = await pairAccount(env, 'bob');
    const status = await readStatus(env.redis, 'alice');
    expect(status).toMatchObject({ status: 'connected', jid: aliceJid, owner: 'flow-1' });
    expect(status?.qr).toBeUndefined();

    await env.send({ kind: 'text', accountId: 'alice', messageId: 'T1', to: bobJid, text: 'hi bob' });
    const result = await env.waitResult('T1');
    expect(result).toMatchObject({ ok: true, messageId: 'T1' });
    // A chat the account only wrote to is listed at once, with nothing unread.
    expect(await env.store.chats.get('alice', bobJid)).toMatchObject({ chatId: bobJid, unreadCount: 0 });
    const inbound = await waitFor(() => env.store.messages.get('bob', 'T1'));
    expect(inbound).toMatchObject({
      chatId: aliceJid,
      from: aliceJid,
      fromMe: false,
      type: 'text',
      text: 'hi bob',
    });
    await waitFor(async () => (await env.store.messages.get('alice', 'T1'))?.status === 'delivered');
    const chat = await env.store.chats.get('bob', aliceJid);
    expect(chat).toMatchObject({ unreadCount: 1 });
    const all = await events();
    const message = all.find((event) => event.id === 'message.bob.T1');
    expect(message).toMatchObject({
      type: 'message',
      accountId: 'bob',
      data: {
        messageId: 'T1',
        chatId: aliceJid,
        from: aliceJid,
        fromMe: false,
        type: 'text',
        text: 'hi bob',
        hasMedia: false,
      },
    });
    expect(all.some((event) => event.type === 'message.ack' && event.data.messageId === 'T1')).toBe(true);
    expect(all.some((event) => event.type === 'account.qr' && event.accountId === 'alice')).toBe(true);

    // Reply, react and delete arrive as what they are.
    await env.send({
      kind: 'reply',
      accountId: 'bob',
      messageId: 'R1',
      to: aliceJid,
      text: 'hello',
      quotedMessageId: 'T1',
    });
    await env.send({
      kind: 'react',
      accountId: 'bob',
      messageId: 'E1',
      to: aliceJid,
      targetMessageId: 'T1',
      emoji: '👍',
    });
    await env.send({
      kind: 'delete',
      accountId: 'alice',
      messageId: 'D1',
      to: bobJid,
      targetMessageId: 'T1',
    });
    for (const id of ['R1', 'E1', 'D1']) expect(await env.waitResult(id)).toMatchObject({ ok: true });
    await waitFor(() => env.store.messages.get('alice', 'R1'));
    expect(await env.store.messages.get('alice', 'R1')).toMatchObject({
      quotedMessageId: 'T1',
      text: 'hello',
    });
    const reaction = await waitFor(() => env.store.messages.get('alice', 'E1'));
    expect(reaction).toMatchObject({ type: 'reaction', reactionTo: 'T1', emoji: '👍' });
    await waitFor(async () => (await env.store.messages.get('bob', 'T1'))?.deletedAt);
    const after = await events();
    expect(after.find((event) => event.id === 'message.reaction.alice.E1')).toBeTruthy();
    expect(after.find((event) => event.id === 'message.deleted.bob.T1')).toBeTruthy();
  });

  it('sends media as a GridFS stream that arrives byte-exact in the recipient GridFS', async () => {
    const bobJid = (await env.store.accounts.get('bob'))!.jid!;
    const bytes = Buffer.alloc(600_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 256;
    const upload = await env.store.media.upload(Readable.from([bytes]), {
      accountId: 'alice',
      mimetype: 'image/png',
      fileName: 'p.png',
    });
    await env.send({
      kind: 'image',
      accountId: 'alice',
      messageId: 'IMG1',
      to: bobJid,
      mediaId: upload.mediaId,
      mimetype: 'image/png',
      fileName: 'p.png',
      caption: 'look',
    });
    expect(await env.waitResult('IMG1')).toMatchObject({ ok: true });
    const received = await waitFor(() => env.store.messages.get('bob', 'IMG1'));
    expect(received).toMatchObject({ type: 'image', hasMedia: true, caption: 'look', mimetype: 'image/png' });
    const hash = createHash('sha256');
    for await (const chunk of env.store.media.openDownload(received.mediaId!)) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    // A voice note is converted to OGG/Opus by the real ffmpeg (.ci/run installs it).
    const audio = await env.store.media.upload(Readable.from([ffmpegTone(0.5)]), {
      accountId: 'alice',
      mimetype: 'audio/wav',
    });
    await env.send({
      kind: 'audio',
      accountId: 'alice',
      messageId: 'AUD1',
      to: bobJid,
      mediaId: audio.mediaId,
      mimetype: 'audio/wav',
      ptt: true,
    });
    expect(await env.waitResult('AUD1')).toMatchObject({ ok: true });
    const voice = await waitFor(() => env.store.messages.get('bob', 'AUD1'));
    // A voice note is stored as type voice (issue 17); plain audio stays audio.
    expect(voice).toMatchObject({ type: 'voice', mimetype: 'audio/ogg; codecs=opus', hasMedia: true });
    // The sender's own copy is a voice note too (one model whichever side stored it).
    expect(await env.store.messages.get('alice', 'AUD1')).toMatchObject({
      type: 'voice',
      fromMe: true,
      hasMedia: true,
    });
    const head: Buffer[] = [];
    for await (const chunk of env.store.media.openDownload(voice.mediaId!)) head.push(chunk as Buffer);
    expect(Buffer.concat(head).subarray(0, 4).toString('latin1')).toBe('OggS');
    const song = await env.store.media.upload(Readable.from([Buffer.from('mp3 bytes')]), {
      accountId: 'alice',
      mimetype: 'audio/mpeg',
    });
    await env.send({
      kind: 'audio',
      accountId: 'alice',
      messageId: 'AUD2',
      to: bobJid,
      mediaId: song.mediaId,
      mimetype: 'audio/mpeg',
      ptt: false,
    });
    expect(await env.waitResult('AUD2')).toMatchObject({ ok: true });
    expect(await waitFor(() => env.store.messages.get('bob', 'AUD2'))).toMatchObject({ type: 'audio' });
    expect(await env.store.messages.get('alice', 'AUD2')).toMatchObject({ type: 'audio', fromMe: true });
  });

  it('maps failures: unknown account 404, not connected 409, rate limited 429 with retryAfterMs', async () => {
    const to = '919876543210@s.whatsapp.net';
    await env.send({ kind: 'text', accountId: 'ghost', messageId: 'G1', to, text: 'x' });
    expect(await env.waitResult('G1')).toMatchObject({
      ok: false,
      httpStatus: 404,
      error: 'Account not found',
      messageId: 'G1',
    });
    // Not connected because its user disconnected it (a moving account would be waited for).
    await env.store.accounts.create({ id: 'idle' });
    await env.store.accounts.setDesiredState('idle', 'disconnected');
    await env.send({ kind: 'text', accountId: 'idle', messageId: 'N1', to, text: 'x' });
    expect(await env.waitResult('N1')).toMatchObject({
      ok: false,
      httpStatus: 409,
      error: 'Account not connected',
    });
    await pairAccount(env, 'slow', { sendRatePerMinute: 1 });
    await env.send({ kind: 'text', accountId: 'slow', messageId: 'S1', to, text: 'one' });
    await env.send({ kind: 'text', accountId: 'slow', messageId: 'S2', to, text: 'two' });
    expect(await env.waitResult('S1')).toMatchObject({ ok: true });
    const limited = await env.waitResult('S2');
    expect(limited).toMatchObject({ ok: false, httpStatus: 429 });
    expect(limited.retryAfterMs).toBeGreaterThan(30_000);
  });

  it('disconnect keeps credentials; connect resumes without a QR; logout wipes them; delete removes all', async () => {
    const disconnect = await env.control({ accountId: 'alice', action: 'disconnect' });
    await env.waitResult(disconnect);
    expect((await readStatus(env.redis, 'alice'))?.status).toBe('not_started');
    expect(await liveSocketCount(env.redis, 'alice')).toBe(0);
    expect((await env.store.accounts.get('alice'))?.desiredState).toBe('disconnected');
    // The status bucket is mirrored into the store, where the fleet's accounts table filters on it.
    const mirrored = async () => (await env.store.accounts.get('alice'))?.live?.status;
    await waitFor(async () => (await mirrored()) === 'not_started', { what: 'alice mirrored not_started' });
    const connect = await env.control({ accountId: 'alice', action: 'connect' });
    await env.waitResult(connect);
    await waitFor(async () => (await readStatus(env.redis, 'alice'))?.status === 'connected');
    await waitFor(async () => (await mirrored()) === 'connected', { what: 'alice mirrored connected' });

    const logout = await env.control({ accountId: 'alice', action: 'logout' });
    expect(await env.waitResult(logout)).toMatchObject({ ok: true });
    expect((await readStatus(env.redis, 'alice'))?.status).toBe('logged_out');
    await waitFor(async () => (await mirrored()) === 'logged_out', { what: 'alice mirrored logged_out' });
    expect(await env.store.authState('auth_alice').hasCreds()).toBe(false);

    const del = await env.control({ accountId: 'bob', action: 'delete' });
    expect(await env.waitResult(del)).toMatchObject({ ok: true });
    expect(await env.store.accounts.get('bob')).toBeNull();
    expect(await env.store.messages.get('bob', 'T1')).toBeNull();
    expect(await readStatus(env.redis, 'bob')).toBeUndefined();
    const missing = await env.control({ accountId: 'bob', action: 'connect' });
    expect(await env.waitResult(missing)).toMatchObject({ ok: false, httpStatus: 404 });
  });

  it('a sandbox-scan control job pairs the account showing a QR; 409 when none is waiting', async () => {
    await env.store.accounts.create({ id: 'carol' });
    const idle = await env.control({ accountId: 'carol', action: 'sandbox-scan' });
    expect(await env.waitResult(idle)).toMatchObject({
      ok: false,
      httpStatus: 409,
      error: 'No QR code is waiting to be scanned',
    });
    await env.waitResult(await env.control({ accountId: 'carol', action: 'connect' }));
    await waitFor(async () => (await readStatus(env.redis, 'carol'))?.qr, { what: 'carol QR' });
    const scan = await env.control({ accountId: 'carol', action: 'sandbox-scan', pushName: 'Carol' });
    const result = await env.waitResult(scan);
    expect(result).toMatchObject({ ok: true, data: { jid: expect.stringMatching(/@s\.whatsapp\.net$/) } });
    const status = await waitFor(async () => {
      const current = await readStatus(env.redis, 'carol');
      return current?.status === 'connected' ? current : undefined;
    });
    expect(status).toMatchObject({ jid: result.data?.jid, pushName: 'Carol' });
  });
});
