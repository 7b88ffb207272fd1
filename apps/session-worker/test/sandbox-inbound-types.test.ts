import { buffer } from 'node:stream/consumers';
import { EVENTS_STREAM } from '@wildcat/redis-bus';
import type { MessageDoc } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { injectSandboxMessage } from '@wildcat/wa-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccount, startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker;

beforeAll(async () => {
  env = await startEnvironment(2);
  worker = await startInProcessWorker(env, 'types-1');
  await waitFor(() => worker.worker.ownership.owned().length === 2, { what: 'all shards owned' });
});
afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

const OUTSIDE = '15557770808@s.whatsapp.net';
const VCARD = 'BEGIN:VCARD\nFN:Ada\nTEL;waid=15550003333:+1 555 000 3333\nEND:VCARD';

async function events(type: string) {
  const entries = await env.redis.xrange(EVENTS_STREAM, '-', '+');
  return entries
    .map(([, fields]) => JSON.parse(fields[1]!) as { type: string; data: Record<string, unknown> })
    .filter((event) => event.type === type);
}

describe('session worker (sandbox): every inbound type is stored and evented', () => {
  it('an outside phone sends each type; the store and the events show each typed, none dropped', async () => {
    await pairAccount(env, 'typed');

    const send = (body: Parameters<typeof injectSandboxMessage>[2]['body'], extra = {}) =>
      injectSandboxMessage(env.redis, 'typed', { from: OUTSIDE, pushName: 'Outside', body, ...extra });
    const png = Buffer.from(Array.from({ length: 5_000 }, (_, i) => i % 251));
    const location = { latitude: 52.52, longitude: 13.405, name: 'Berlin', address: 'Mitte' };
    const live = { latitude: 48.85, longitude: 2.29, live: true };
    const contacts = [{ name: 'Ada', phone: '15550003333', vcard: VCARD }];
    const poll = { name: 'Lunch?', options: ['Pizza', 'Salad'], selectableCount: 1 };
    const ids = {
      text: await send({ type: 'text', text: 'teh plan' }),
      image: await send({ type: 'image', data: png, mimetype: 'image/png', caption: 'pic' }),
      video: await send({ type: 'video', data: Buffer.from('mp4'), mimetype: 'video/mp4' }),
      audio: await send({ type: 'audio', data: Buffer.from('mp3'), mimetype: 'audio/mpeg' }),
      voice: await send({
        type: 'audio',
        data: Buffer.from('ogg'),
        mimetype: 'audio/ogg; codecs=opus',
        ptt: true,
      }),
      document: await send({
        type: 'document',
        data: Buffer.from('%PDF'),
        mimetype: 'application/pdf',
        fileName: 'a.pdf',
      }),
      sticker: await send({ type: 'sticker', data: Buffer.from('RIFF'), mimetype: 'image/webp' }),
      location: await send({ type: 'location', location }),
      liveLocation: await send({ type: 'location', location: live }),
      contact: await send({ type: 'contact', contacts }),
      poll: await send({ type: 'poll', poll }),
      buttonReply: await send({ type: 'text', text: 'Yes', selectedId: 'btn-yes' }),
      unsupported: await send({ type: 'unsupported', raw: '{"eventMessage":{"name":"Party"}}' }),
    };
    const stored = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([name, id]) => [
          name,
          await waitFor(() => env.store.messages.get('typed', id), { what: `stored ${name}` }),
        ]),
      ),
    ) as Record<keyof typeof ids, MessageDoc>;
    expect(Object.fromEntries(Object.entries(stored).map(([name, doc]) => [name, doc.type]))).toEqual({
      text: 'text',
      image: 'image',
      video: 'video',
      audio: 'audio',
      voice: 'voice',
      document: 'document',
      sticker: 'sticker',
      location: 'location',
      liveLocation: 'location',
      contact: 'contact',
      poll: 'poll',
      buttonReply: 'text',
      unsupported: 'unsupported',
    });
    expect(stored.image).toMatchObject({ caption: 'pic', hasMedia: true, mimetype: 'image/png' });
    expect((await buffer(env.store.media.openDownload(stored.image.mediaId!))).equals(png)).toBe(true);
    expect(stored.document).toMatchObject({ fileName: 'a.pdf', hasMedia: true });
    expect(stored.location.location).toEqual(location);
    expect(stored.liveLocation.location).toEqual(live);
    expect(stored.contact.contacts).toEqual(contacts);
    expect(stored.poll.poll).toEqual(poll);
    expect(stored.buttonReply).toMatchObject({ text: 'Yes', selectedId: 'btn-yes' });
    expect(stored.unsupported.raw).toBe('{"eventMessage":{"name":"Party"}}');

    const messageEvents = await waitFor(
      async () => {
        const all = await events('message');
        return all.length >= Object.keys(ids).length ? all : undefined;
      },
      { what: 'message events' },
    );
    const eventType = new Map(messageEvents.map((event) => [event.data.messageId, event.data.type]));
    for (const [name, id] of Object.entries(ids))
      expect([name, eventType.get(id)]).toEqual([name, stored[name as keyof typeof ids].type]);

    // Edit and revoke from the other side.
    await send({ type: 'edit', targetId: ids.text, text: 'the plan' });
    await send({ type: 'revoke', targetId: ids.image });
    await waitFor(async () => (await env.store.messages.get('typed', ids.text))?.text === 'the plan', {
      what: 'edit',
    });
    await waitFor(async () => (await env.store.messages.get('typed', ids.image))?.deletedAt, {
      what: 'revoke',
    });
    const edited = await waitFor(async () => (await events('message.edited'))[0], { what: 'message.edited' });
    expect(edited.data).toMatchObject({ messageId: ids.text, text: 'the plan', previousText: 'teh plan' });
    const revoked = await waitFor(async () => (await events('message.revoked'))[0], {
      what: 'message.revoked',
    });
    expect(revoked.data).toMatchObject({ messageId: ids.image, from: OUTSIDE });
    expect((await events('message.deleted')).map((event) => event.data.messageId)).toEqual([ids.image]);
  });
});
