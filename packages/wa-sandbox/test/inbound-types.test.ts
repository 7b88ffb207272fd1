import { buffer } from 'node:stream/consumers';
import { waitFor } from '@wildcat/testkit';
import type { InboundMessage } from '@wildcat/wa';
import { describe, expect, it } from 'vitest';
import { injectSandboxMessage, scanSandboxQr } from '../src/index.js';
import { connectRecorded, pairRecorded, useSandbox } from './helpers.js';

const sandbox = useSandbox({ engine: true });

const OUTSIDE = '15557770909@s.whatsapp.net';
const VCARD = 'BEGIN:VCARD\nFN:Ada\nTEL;waid=15550003333:+1 555 000 3333\nEND:VCARD';

describe('sandbox engine: the receiving side of every type', () => {
  it('maps each wire body into the port model, none dropped', async () => {
    const me = await pairRecorded(sandbox, 'recv-all');
    const send = (body: Parameters<typeof injectSandboxMessage>[2]['body'], extra = {}) =>
      injectSandboxMessage(sandbox.redis, 'recv-all', { from: OUTSIDE, pushName: 'Outside', body, ...extra });
    const image = Buffer.from('fake jpeg bytes');
    const location = { latitude: 52.52, longitude: 13.405, name: 'Berlin', live: true };
    const contacts = [{ name: 'Ada', phone: '15550003333', vcard: VCARD }];
    const poll = { name: 'Lunch?', options: ['Pizza', 'Salad'], selectableCount: 1 };
    const ids = {
      text: await send({ type: 'text', text: 'hi' }, { mentions: [OUTSIDE], forwarded: true }),
      reply: await send({ type: 'text', text: 'Yes', selectedId: 'btn-yes' }, { quoted: 'Q1' }),
      image: await send({ type: 'image', data: image, mimetype: 'image/jpeg', caption: 'pic' }),
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
        data: Buffer.from('pdf'),
        mimetype: 'application/pdf',
        fileName: 'a.pdf',
      }),
      sticker: await send({ type: 'sticker', data: Buffer.from('webp'), mimetype: 'image/webp' }),
      location: await send({ type: 'location', location }),
      contact: await send({ type: 'contact', contacts }),
      poll: await send({ type: 'poll', poll }),
      reaction: await send({ type: 'reaction', targetId: 'T1', emoji: '👍' }),
      edit: await send({ type: 'edit', targetId: 'T1', text: 'fixed' }),
      revoke: await send({ type: 'revoke', targetId: 'T1' }),
      unsupported: await send({ type: 'unsupported', raw: '{"eventMessage":{"name":"Party"}}' }),
    };
    await waitFor(() => me.log.messages.length >= Object.keys(ids).length, { what: 'every message' });
    const got = (id: string) => me.log.messages.find((m) => m.id === id) as InboundMessage;
    const base = { chatId: OUTSIDE, from: OUTSIDE, fromMe: false, pushName: 'Outside' };
    expect(got(ids.text)).toMatchObject({
      ...base,
      type: 'text',
      text: 'hi',
      mentions: [OUTSIDE],
      forwarded: true,
    });
    expect(got(ids.reply)).toMatchObject({
      type: 'text',
      text: 'Yes',
      selectedId: 'btn-yes',
      quotedMessageId: 'Q1',
    });
    expect(got(ids.image)).toMatchObject({
      type: 'image',
      caption: 'pic',
      media: { mimetype: 'image/jpeg' },
    });
    expect(got(ids.video)).toMatchObject({ type: 'video' });
    expect(got(ids.audio)).toMatchObject({ type: 'audio', media: { mimetype: 'audio/mpeg' } });
    expect(got(ids.voice)).toMatchObject({ type: 'audio', media: { ptt: true } });
    expect(got(ids.document)).toMatchObject({ type: 'document', media: { fileName: 'a.pdf' } });
    expect(got(ids.sticker)).toMatchObject({ type: 'sticker', media: { mimetype: 'image/webp' } });
    expect(got(ids.location)).toMatchObject({ type: 'location', location });
    expect(got(ids.contact)).toMatchObject({ type: 'contact', contacts });
    expect(got(ids.poll)).toMatchObject({ type: 'poll', poll });
    expect(got(ids.reaction)).toMatchObject({ type: 'reaction', targetId: 'T1', emoji: '👍' });
    expect(got(ids.edit)).toMatchObject({ type: 'edit', targetId: 'T1', text: 'fixed' });
    expect(got(ids.revoke)).toMatchObject({ type: 'revoke', targetId: 'T1' });
    expect(got(ids.unsupported)).toMatchObject({
      type: 'unsupported',
      raw: '{"eventMessage":{"name":"Party"}}',
    });
    expect(me.log.messages).toHaveLength(Object.keys(ids).length);
    await me.session.close();
  });

  it('injected media reads back byte for byte while the handler runs', async () => {
    const bytes: Buffer[] = [];
    const me = await connectRecorded(sandbox.engine, 'recv-media');
    const original = me.handlers.onMessage;
    me.handlers.onMessage = async (message) => {
      if ('media' in message) bytes.push(await buffer(await message.media.open()));
      await original(message);
    };
    await waitFor(() => me.log.qrs.length > 0, { what: 'QR' });
    await scanSandboxQr(sandbox.redis, 'recv-media');
    await waitFor(() => me.log.opens.length > 0, { what: 'open' });
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    await injectSandboxMessage(sandbox.redis, 'recv-media', {
      from: OUTSIDE,
      body: { type: 'image', data, mimetype: 'image/png' },
    });
    await waitFor(() => bytes.length === 1, { what: 'media read' });
    expect(bytes[0]?.equals(data)).toBe(true);
    await me.session.close();
  });
});
