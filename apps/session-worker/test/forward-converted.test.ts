import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { readStatus } from '@wildcat/redis-bus';
import { ffmpegImage, ffmpegTone, waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccount, startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker;

beforeAll(async () => {
  env = await startEnvironment(2);
  worker = await startInProcessWorker(env, 'fwd-1');
  await waitFor(() => worker.worker.ownership.owned().length === 2, { what: 'all shards owned' });
});
afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

describe('forwarding our own voice note or sticker (session worker, sandbox)', () => {
  it('converts it again on the way out: the recipient gets OGG/Opus and WebP, as for the first send', async () => {
    await pairAccount(env, 'alice');
    const bobJid = await pairAccount(env, 'bob');
    const send = async (messageId: string, fields: Record<string, unknown>) => {
      await env.send({ accountId: 'alice', messageId, to: bobJid, ...fields } as Parameters<
        typeof env.send
      >[0]);
      expect(await env.waitResult(messageId)).toMatchObject({ ok: true });
      return waitFor(() => env.store.messages.get('bob', messageId), { what: `bob has ${messageId}` });
    };
    const upload = async (bytes: Buffer, mimetype: string) =>
      (await env.store.media.upload(Readable.from([bytes]), { accountId: 'alice', mimetype })).mediaId;
    const head = async (mediaId: string | undefined, bytes: number) =>
      (await buffer(env.store.media.openDownload(mediaId as string))).subarray(0, bytes).toString('latin1');

    const wav = ffmpegTone();
    await send('VN1', {
      kind: 'audio',
      mediaId: await upload(wav, 'audio/wav'),
      mimetype: 'audio/wav',
      ptt: true,
    });
    // Our copy keeps the upload; the forward of it goes out converted, as the first send did.
    expect(await env.store.messages.get('alice', 'VN1')).toMatchObject({
      type: 'voice',
      mimetype: 'audio/wav',
    });
    const voice = await send('VN1-FWD', { kind: 'forward', sourceMessageId: 'VN1' });
    expect(voice).toMatchObject({ type: 'voice', forwarded: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(await head(voice.mediaId, 4)).toBe('OggS');

    const png = ffmpegImage('png', '64x48');
    await send('ST1', { kind: 'sticker', mediaId: await upload(png, 'image/png'), mimetype: 'image/png' });
    const sticker = await send('ST1-FWD', { kind: 'forward', sourceMessageId: 'ST1' });
    expect(sticker).toMatchObject({ type: 'sticker', forwarded: true, mimetype: 'image/webp' });
    expect((await head(sticker.mediaId, 12)).slice(8)).toBe('WEBP');
    // What bob received is already WebP: forwarding it on passes the bytes as they are.
    const again = await env.store.messages.get('bob', 'ST1');
    await env.send({
      kind: 'forward',
      accountId: 'bob',
      messageId: 'ST1-BACK',
      to: (await readStatus(env.redis, 'alice'))?.jid as string,
      sourceMessageId: 'ST1',
    });
    expect(await env.waitResult('ST1-BACK')).toMatchObject({ ok: true });
    const back = await waitFor(() => env.store.messages.get('alice', 'ST1-BACK'), {
      what: 'alice has it back',
    });
    expect(await buffer(env.store.media.openDownload(back.mediaId as string))).toEqual(
      await buffer(env.store.media.openDownload(again?.mediaId as string)),
    );
  });
});
