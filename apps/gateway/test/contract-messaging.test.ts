import { createHash } from 'node:crypto';
import { queueFor, shardOf } from '@wildcat/jobs';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, useAppWithWorker } from './helpers/build-test-app.js';
import { multipart } from './helpers/multipart.js';

const TO = '919876543210@s.whatsapp.net';
const MESSAGE_ID = /^3EB0[0-9A-F]{18}$/;

const { t, worker, restartWorker } = useAppWithWorker({ account: 'mybot' });

beforeEach(() => {
  worker.sends.length = 0;
  worker.behaviour = () => ({});
});

/** An inbound message in the store, as a reply's quotedMessageId must name one. */
async function storeQuoted(messageId: string): Promise<void> {
  await t.store.messages.upsert({
    accountId: 'mybot',
    messageId,
    chatId: TO,
    from: TO,
    fromMe: false,
    type: 'text',
    text: 'Hello!',
    timestamp: Date.now(),
    status: 'received',
  });
}

const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

describe('POST /accounts/:accountId/message/send', () => {
  it('sends through the worker and answers the WhatsApp message id', async () => {
    const response = await post('/accounts/mybot/message/send', { to: TO, message: 'Hello! How are you?' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, messageId: expect.stringMatching(MESSAGE_ID) });
    const { messageId } = response.json();
    expect(worker.sends).toEqual([
      {
        kind: 'text',
        accountId: 'mybot',
        messageId,
        to: TO,
        text: 'Hello! How are you?',
        acceptedAt: expect.any(Number),
      },
    ]);
    expect((await t.store.messages.get('mybot', messageId))?.status).toBe('sent');
  });

  it('400 "to and message are required" when either is missing or empty', async () => {
    for (const payload of [
      {},
      { to: TO },
      { message: 'hi' },
      { to: TO, message: '' },
      { to: 'bad', message: undefined },
    ]) {
      const response = await post('/accounts/mybot/message/send', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ ok: false, error: 'to and message are required' });
    }
    const empty = await post('/accounts/mybot/message/send');
    expect(empty.json()).toEqual({ ok: false, error: 'to and message are required' });
    expect(worker.sends).toEqual([]);
  });

  it('400 naming the field for an invalid JID, too long a text, bad mentions', async () => {
    const jid = await post('/accounts/mybot/message/send', { to: '12345', message: 'hi' });
    expect(jid.json()).toEqual({ ok: false, error: 'to must be a valid WhatsApp JID' });
    const long = await post('/accounts/mybot/message/send', { to: TO, message: 'x'.repeat(65_537) });
    expect(long.json()).toEqual({ ok: false, error: 'message must be at most 65536 characters' });
    const mentions = await post('/accounts/mybot/message/send', {
      to: TO,
      message: 'hi',
      mentions: ['nope'],
    });
    expect(mentions.json()).toEqual({ ok: false, error: 'mentions must be an array of WhatsApp JIDs' });
  });

  it('accepts groups, broadcast, status, LIDs, mentions and 65536 characters', async () => {
    for (const to of [
      '123456789-1234567890@g.us',
      '1234@broadcast',
      'status@broadcast',
      '123456789012345@lid',
    ]) {
      expect((await post('/accounts/mybot/message/send', { to, message: 'hi' })).statusCode).toBe(200);
    }
    const mention = await post('/accounts/mybot/message/send', { to: TO, message: '@you', mentions: [TO] });
    expect(mention.statusCode).toBe(200);
    expect(worker.sends.at(-1)).toMatchObject({ mentions: [TO] });
    const max = await post('/accounts/mybot/message/send', { to: TO, message: 'x'.repeat(65_536) });
    expect(max.statusCode).toBe(200);
  });

  it('404 "Account not found" for an unknown account, before anything is queued', async () => {
    const response = await post('/accounts/nobody/message/send', { to: TO, message: 'hi' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ ok: false, error: 'Account not found' });
    expect(worker.sends).toEqual([]);
  });

  it('?wait=false answers 202 queued at once', async () => {
    worker.behaviour = () => 'silent';
    const response = await post('/accounts/mybot/message/send?wait=false', { to: TO, message: 'later' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      ok: true,
      messageId: expect.stringMatching(MESSAGE_ID),
      status: 'queued',
    });
  });
});

describe('reply, react, delete', () => {
  it('reply carries the quoted id', async () => {
    await storeQuoted('3EB0QUOTED123ID');
    const response = await post('/accounts/mybot/message/reply', {
      to: TO,
      message: 'Thanks for your message!',
      quotedMessageId: '3EB0QUOTED123ID',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, messageId: expect.stringMatching(MESSAGE_ID) });
    expect(worker.sends.find((job) => job.kind === 'reply')).toMatchObject({
      kind: 'reply',
      quotedMessageId: '3EB0QUOTED123ID',
      text: 'Thanks for your message!',
    });
    const missing = await post('/accounts/mybot/message/reply', { to: TO, message: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ ok: false, error: 'to, message, and quotedMessageId are required' });
  });

  it('a reply to a message the account does not have answers 404 Message not found and sends nothing', async () => {
    const response = await post('/accounts/mybot/message/reply', {
      to: TO,
      message: 'Thanks!',
      quotedMessageId: '3EB0NOSUCHMESSAGE',
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ ok: false, error: 'Message not found' });
    expect(worker.sends).toEqual([]);
  });

  it('react answers "Reaction sent" and takes chatId as well as to', async () => {
    const response = await post('/accounts/mybot/message/react', {
      to: TO,
      messageId: '3EB0123ABCD456EF',
      emoji: '👍',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      message: 'Reaction sent',
      messageId: expect.stringMatching(MESSAGE_ID),
    });
    const alias = await post('/accounts/mybot/message/react', {
      chatId: TO,
      messageId: '3EB0123ABCD456EF',
      emoji: '❤️',
    });
    expect(alias.statusCode).toBe(200);
    expect(
      worker.sends.map((job) => job.kind === 'react' && [job.to, job.targetMessageId, job.emoji]),
    ).toEqual([
      [TO, '3EB0123ABCD456EF', '👍'],
      [TO, '3EB0123ABCD456EF', '❤️'],
    ]);
    const missing = await post('/accounts/mybot/message/react', {
      messageId: '3EB0123ABCD456EF',
      emoji: '👍',
    });
    expect(missing.json()).toEqual({ ok: false, error: 'to and messageId are required' });
  });

  it('delete answers "Message deleted" and takes chatId as well as to', async () => {
    const response = await post('/accounts/mybot/message/delete', { to: TO, messageId: '3EB0123ABCD456EF' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      message: 'Message deleted',
      messageId: expect.stringMatching(MESSAGE_ID),
    });
    const alias = await post('/accounts/mybot/message/delete', { chatId: TO, messageId: '3EB0123ABCD456EF' });
    expect(alias.statusCode).toBe(200);
    expect(
      worker.sends.every((job) => job.kind === 'delete' && job.targetMessageId === '3EB0123ABCD456EF'),
    ).toBe(true);
    const missing = await post('/accounts/mybot/message/delete', { to: TO });
    expect(missing.json()).toEqual({ ok: false, error: 'to and messageId are required' });
  });
});

describe('media sends (multipart)', () => {
  const image = Buffer.from('\x89PNG\r\n\x1a\n fake image bytes');

  for (const kind of ['image', 'video', 'audio', 'document'] as const) {
    it(`send/${kind} streams the file into GridFS and queues its media id`, async () => {
      const form = multipart(
        { to: TO, caption: 'Check out this photo!' },
        { field: kind, fileName: `file.${kind}`, contentType: 'application/x-test', data: image },
      );
      const response = await t.app.inject({
        method: 'POST',
        url: `/accounts/mybot/message/send/${kind}`,
        ...form,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true, messageId: expect.stringMatching(MESSAGE_ID) });
      const job = worker.sends.at(-1);
      expect(job).toMatchObject({ kind, to: TO, mimetype: 'application/x-test', fileName: `file.${kind}` });
      if (!job || !('mediaId' in job) || !job.mediaId) throw new Error('no media job');
      const info = await t.store.media.info(job.mediaId);
      expect(info).toMatchObject({
        accountId: 'mybot',
        messageId: response.json().messageId,
        length: image.length,
      });
    });
  }

  it('audio is a voice note only with ptt=true', async () => {
    const send = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/accounts/mybot/message/send/audio',
        ...multipart(
          { to: TO, ...fields },
          { field: 'audio', fileName: 'a.mp3', contentType: 'audio/mpeg', data: image },
        ),
      });
    await send({});
    await send({ ptt: 'true' });
    expect(worker.sends.map((job) => job.kind === 'audio' && job.ptt)).toEqual([false, true]);
  });

  it('media sends carry quotedMessageId (404 when unknown) and video gifPlayback', async () => {
    await storeQuoted('3EB0QUOTEDMEDIA1');
    const send = (kind: 'image' | 'video', fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/accounts/mybot/message/send/${kind}`,
        ...multipart(
          { to: TO, ...fields },
          { field: kind, fileName: `a.${kind}`, contentType: 'video/mp4', data: image },
        ),
      });
    expect((await send('image', { quotedMessageId: '3EB0QUOTEDMEDIA1' })).statusCode).toBe(200);
    expect(
      (await send('video', { gifPlayback: 'true', quotedMessageId: '3EB0QUOTEDMEDIA1' })).statusCode,
    ).toBe(200);
    expect(worker.sends).toMatchObject([
      { kind: 'image', quotedMessageId: '3EB0QUOTEDMEDIA1' },
      { kind: 'video', quotedMessageId: '3EB0QUOTEDMEDIA1', gifPlayback: true },
    ]);
    const unknown = await send('image', { quotedMessageId: '3EB0NOSUCHMESSAGE' });
    expect([unknown.statusCode, unknown.json()]).toEqual([404, { ok: false, error: 'Message not found' }]);
    expect(worker.sends).toHaveLength(2);
  });

  it('400 "to field is required" and "image file is required", nothing kept', async () => {
    const noTo = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/message/send/image',
      ...multipart({}, { field: 'image', fileName: 'a.png', contentType: 'image/png', data: image }),
    });
    expect(noTo.statusCode).toBe(400);
    expect(noTo.json()).toEqual({ ok: false, error: 'to field is required' });
    const noFile = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/message/send/image',
      ...multipart({ to: TO }),
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toEqual({ ok: false, error: 'image file is required' });
    const wrongField = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/message/send/video',
      ...multipart({ to: TO }, { field: 'image', fileName: 'a.png', contentType: 'image/png', data: image }),
    });
    expect(wrongField.json()).toEqual({ ok: false, error: 'video file is required' });
    expect(worker.sends).toEqual([]);
    const orphans = await t.store.media.bucket
      .find({ 'metadata.accountId': 'mybot', 'metadata.messageId': { $exists: true } })
      .toArray();
    for (const file of orphans)
      expect(await t.store.messages.get('mybot', file.metadata?.messageId)).not.toBeNull();
  });

  it('415 for a body neither multipart nor JSON, 404 for an unknown account', async () => {
    const text = await t.app.inject({
      method: 'POST',
      url: '/accounts/mybot/message/send/image',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/accounts/nobody/message/send/image',
      ...multipart({ to: TO }, { field: 'image', fileName: 'a.png', contentType: 'image/png', data: image }),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ ok: false, error: 'Account not found' });
  });

  it('413 past MAX_UPLOAD_BYTES, and the partial file is removed', async () => {
    const small = await buildTestApp({ services: t.services, env: { MAX_UPLOAD_BYTES: '2048' } });
    try {
      const before = await t.store.media.bucket.find({}).toArray();
      const response = await small.app.inject({
        method: 'POST',
        url: '/accounts/mybot/message/send/document',
        ...multipart(
          { to: TO },
          {
            field: 'document',
            fileName: 'big.bin',
            contentType: 'application/pdf',
            data: Buffer.alloc(5000, 1),
          },
        ),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ ok: false, error: 'File is too large' });
      expect((await t.store.media.bucket.find({}).toArray()).length).toBe(before.length);
    } finally {
      await small.close();
    }
  });
});

describe('worker failures and timeouts', () => {
  it('answers the status the worker chose: 404, 409, 429 with Retry-After, 502', async () => {
    const cases = [
      { result: { ok: false, error: 'Account not found', httpStatus: 404 }, status: 404 },
      { result: { ok: false, error: 'Account not connected', httpStatus: 409 }, status: 409 },
      { result: { ok: false, error: 'Rate limited', httpStatus: 429, retryAfterMs: 2_500 }, status: 429 },
      { result: { ok: false, error: 'WhatsApp refused the message' }, status: 502 },
    ];
    for (const { result, status } of cases) {
      worker.behaviour = () => result;
      const response = await post('/accounts/mybot/message/send', { to: TO, message: 'hi' });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({ ok: false, error: result.error });
      if (status === 429) expect(response.headers['retry-after']).toBe('3');
    }
  });

  it('504 with the messageId when the worker does not answer in time; the message reads as queued', async () => {
    const quick = await buildTestApp({ services: t.services, env: { SEND_WAIT_TIMEOUT_MS: '300' } });
    try {
      worker.behaviour = () => 'silent';
      const started = Date.now();
      const response = await quick.app.inject({
        method: 'POST',
        url: '/accounts/mybot/message/send?wait=false',
        payload: { to: TO, message: 'probe' },
      });
      expect(response.statusCode).toBe(202);
      // Hold the worker so the next job stays queued.
      await worker.close();
      const timedOut = await quick.app.inject({
        method: 'POST',
        url: '/accounts/mybot/message/send',
        payload: { to: TO, message: 'nobody home' },
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(timedOut.statusCode).toBe(504);
      expect(timedOut.json()).toEqual({
        ok: false,
        error: 'Timed out waiting for the message to be sent',
        messageId: expect.stringMatching(MESSAGE_ID),
      });
      const read = await quick.app.inject({
        method: 'GET',
        url: `/accounts/mybot/messages/${timedOut.json().messageId}`,
      });
      expect(read.statusCode).toBe(200);
      expect(read.json().message).toMatchObject({
        status: 'queued',
        fromMe: true,
        chatId: TO,
        text: 'nobody home',
        type: 'text',
      });
    } finally {
      await quick.close();
      await restartWorker();
    }
  });
});

describe('Idempotency-Key', () => {
  it('the same key twice gives one job and the same messageId', async () => {
    const headers = { 'idempotency-key': 'order-42' };
    const first = await post('/accounts/mybot/message/send', { to: TO, message: 'once' }, headers);
    const second = await post('/accounts/mybot/message/send', { to: TO, message: 'once' }, headers);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(worker.sends.filter((job) => job.kind === 'text' && job.text === 'once')).toHaveLength(1);
  });

  it('concurrent requests with one key share one job', async () => {
    const headers = { 'idempotency-key': 'burst-1' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        post('/accounts/mybot/message/send', { to: TO, message: 'burst' }, headers),
      ),
    );
    const ids = new Set(responses.map((response) => response.json().messageId));
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    expect(ids.size).toBe(1);
    expect(worker.sends.filter((job) => job.kind === 'text' && job.text === 'burst')).toHaveLength(1);
    const queue = t.app.queues.get(queueFor.send(shardOf('mybot', t.config.SHARDS)));
    expect(await queue.getJob([...ids][0] as string)).toBeDefined();
  });

  it('is scoped to the account and answers a repeat after the job was removed from the queue', async () => {
    await post('/accounts', { id: 'other' });
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await post('/accounts/mybot/message/send', { to: TO, message: 'a' }, headers);
    const b = await post('/accounts/other/message/send', { to: TO, message: 'b' }, headers);
    expect(a.json().messageId).not.toBe(b.json().messageId);
    const queue = t.app.queues.get(queueFor.send(shardOf('mybot', t.config.SHARDS)));
    await queue.remove(a.json().messageId);
    const again = await post('/accounts/mybot/message/send', { to: TO, message: 'a' }, headers);
    expect(again.json()).toEqual(a.json());
    expect(
      worker.sends.filter((job) => job.accountId === 'mybot' && job.kind === 'text' && job.text === 'a'),
    ).toHaveLength(1);
    const stored = await t.redis.keys('wc:idem:*');
    expect(stored.some((key) => key.includes('shared-key'))).toBe(false);
    expect(stored).toContain(`wc:idem:mybot:${createHash('sha256').update('shared-key').digest('hex')}`);
  });

  it('a repeat of a failed send answers the same failure without sending again', async () => {
    worker.behaviour = () => ({ ok: false, error: 'Account not connected', httpStatus: 409 });
    const headers = { 'idempotency-key': 'fails' };
    const first = await post('/accounts/mybot/message/send', { to: TO, message: 'f' }, headers);
    worker.behaviour = () => ({});
    const second = await post('/accounts/mybot/message/send', { to: TO, message: 'f' }, headers);
    expect(first.statusCode).toBe(409);
    expect(second.statusCode).toBe(409);
    expect(worker.sends).toHaveLength(1);
  });

  it('400 for an unusable key', async () => {
    const response = await post(
      '/accounts/mybot/message/send',
      { to: TO, message: 'x' },
      { 'idempotency-key': 'a'.repeat(300) },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      ok: false,
      error: 'Idempotency-Key must be 1-255 visible ASCII characters',
    });
  });
});
