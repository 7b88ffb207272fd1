import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { proto } from '@whiskeysockets/baileys';
import type { InboundMessage } from '@wildcat/wa';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SendResultWithContent } from '../src/index.js';
import { type TestSession, useFixture } from './fixture.js';

const phone = '15550200001';
const contact = '15557770101';
const contactJid = `${contact}@s.whatsapp.net`;
type MediaInbound = Extract<InboundMessage, { media: unknown }>;
const textOf = (m: proto.IMessage) => m.conversation ?? m.extendedTextMessage?.text;

describe('Baileys adapter: messages with the local peer', () => {
  const fx = useFixture();
  let me: TestSession;
  const accountId = 'acc-msg';

  beforeAll(async () => {
    me = await fx.pair(accountId, phone);
  });

  const inbound = (id: string) => me.until((e) => e.messages.find((m) => m.id === id), `inbound ${id}`);

  /** What the worker's send pipeline does: record the content Baileys may ask for later. */
  function recordSent(result: SendResultWithContent) {
    if (result.content) fx.messages.recordContent(accountId, result.messageId, result.content);
  }

  it('send text → the peer decrypts exactly that text, under our message id', async () => {
    const result = await me.session.send({
      kind: 'text',
      messageId: 'WILDCAT0001',
      to: contactJid,
      text: 'hello ✓ wildcat',
    });
    expect(result.messageId).toBe('WILDCAT0001');
    expect(result.timestamp).toBeGreaterThan(Date.now() - 60_000);
    const received = await fx.peer.nextMessage((m) => m.id === 'WILDCAT0001');
    expect(received.to).toBe(contact);
    expect(textOf(received.message)).toBe('hello ✓ wildcat');
    recordSent(result);
  });

  it('inbound text from the peer → onMessage with the model fields', async () => {
    const id = await fx.peer.sendText(contact, phone, 'hi from the peer');
    const message = await inbound(id);
    expect(message).toMatchObject({
      id,
      type: 'text',
      text: 'hi from the peer',
      chatId: contactJid,
      from: contactJid,
      fromMe: false,
    });
    expect(Math.abs(message.timestamp - Date.now())).toBeLessThan(60_000);
  });

  it('markRead sends read receipts to the contact', async () => {
    const receipts: { id?: string; type?: string }[] = [];
    fx.peer.on('receipt', (r) => receipts.push(r));
    const id = await fx.peer.sendText(contact, phone, 'read me');
    await inbound(id);
    await me.session.markRead(contactJid, [id]);
    // Baileys sends 'read' when the privacy setting readreceipts is 'all', else 'read-self'
    // (the peer's privacy answer has no settings, so here it is 'read-self')
    const read = await me.until(
      () => receipts.find((r) => r.id === id && (r.type === 'read' || r.type === 'read-self')),
      'read receipt at the peer',
    );
    expect(read.type).toMatch(/^read/);
  });

  it('receipts: delivered then read for a message we sent', async () => {
    fx.peer.sendReceipt(contact, phone, ['WILDCAT0001']);
    const delivered = await me.until(
      (e) => e.receipts.find((r) => r.messageId === 'WILDCAT0001' && r.status === 'delivered'),
      'delivered',
    );
    expect(delivered).toMatchObject({ type: 'receipt', chatId: contactJid, from: contactJid });
    fx.peer.sendReceipt(contact, phone, ['WILDCAT0001'], 'read');
    await me.until(
      (e) => e.receipts.find((r) => r.messageId === 'WILDCAT0001' && r.status === 'read'),
      'read',
    );
  });

  it('reply carries the quoted message loaded from the store', async () => {
    await me.session.send({
      kind: 'reply',
      messageId: 'WILDCAT0002',
      to: contactJid,
      text: 'answer',
      quotedMessageId: 'WILDCAT0001',
    });
    const received = await fx.peer.nextMessage((m) => m.id === 'WILDCAT0002');
    const context = received.message.extendedTextMessage?.contextInfo;
    expect(received.message.extendedTextMessage?.text).toBe('answer');
    expect(context?.stanzaId).toBe('WILDCAT0001');
    expect(context?.participant).toBe(`${phone}@s.whatsapp.net`); // we wrote the quoted one
    expect(textOf(context?.quotedMessage ?? {})).toBe('hello ✓ wildcat');
  });

  it('reply to a message not in the store still threads by id', async () => {
    await me.session.send({
      kind: 'reply',
      messageId: 'WILDCAT0003',
      to: contactJid,
      text: 'answer 2',
      quotedMessageId: 'UNKNOWN1',
    });
    const received = await fx.peer.nextMessage((m) => m.id === 'WILDCAT0003');
    expect(received.message.extendedTextMessage?.contextInfo?.stanzaId).toBe('UNKNOWN1');
  });

  it('react and delete for everyone', async () => {
    await me.session.send({
      kind: 'react',
      messageId: 'WILDCAT0004',
      to: contactJid,
      targetMessageId: 'WILDCAT0001',
      emoji: '👍',
    });
    const reaction = (await fx.peer.nextMessage((m) => m.id === 'WILDCAT0004')).message.reactionMessage;
    expect(reaction?.text).toBe('👍');
    expect(reaction?.key).toMatchObject({ id: 'WILDCAT0001', fromMe: true });

    await me.session.send({
      kind: 'delete',
      messageId: 'WILDCAT0005',
      to: contactJid,
      targetMessageId: 'WILDCAT0001',
    });
    const revoke = (await fx.peer.nextMessage((m) => m.id === 'WILDCAT0005')).message.protocolMessage;
    expect(revoke?.type).toBe(proto.Message.ProtocolMessage.Type.REVOKE);
    expect(revoke?.key?.id).toBe('WILDCAT0001');
  });

  it('inbound reaction, edit and revoke map to what they are', async () => {
    const key = { remoteJid: `${phone}@s.whatsapp.net`, fromMe: true, id: 'WILDCAT0001' };
    const reactId = await fx.peer.sendMessage(contact, phone, { reactionMessage: { key, text: '❤️' } });
    expect(await inbound(reactId)).toMatchObject({
      type: 'reaction',
      targetId: 'WILDCAT0001',
      emoji: '❤️',
      from: contactJid,
    });

    const original = await fx.peer.sendText(contact, phone, 'typo');
    await inbound(original);
    const theirKey = { remoteJid: `${phone}@s.whatsapp.net`, fromMe: false, id: original };
    const editId = await fx.peer.sendMessage(contact, phone, {
      protocolMessage: {
        type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
        key: theirKey,
        editedMessage: { conversation: 'fixed' },
      },
    });
    expect(await inbound(editId)).toMatchObject({ type: 'edit', targetId: original, text: 'fixed' });
    const revokeId = await fx.peer.sendMessage(contact, phone, {
      protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: theirKey },
    });
    expect(await inbound(revokeId)).toMatchObject({ type: 'revoke', targetId: original });
  });

  it('an image each way arrives byte-identical (streamed through our media store)', async () => {
    const image = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7 + (i >> 8)) % 256));
    const upload = await fx.messages.uploadMedia(Readable.from([image]));
    await me.session.send({
      kind: 'image',
      messageId: 'WILDCAT0006',
      to: contactJid,
      caption: 'from our media store',
      media: {
        stream: fx.messages.openMedia(upload.mediaId),
        mimetype: 'image/jpeg',
        length: upload.length,
      },
    });
    const sent = await fx.peer.nextMessage((m) => m.id === 'WILDCAT0006');
    expect(sent.message.imageMessage?.caption).toBe('from our media store');
    expect((await fx.peer.downloadMedia(sent.message)).equals(image)).toBe(true);

    const id = await fx.peer.sendImage(contact, phone, image, { caption: 'pic' });
    const message = (await inbound(id)) as MediaInbound;
    expect(message).toMatchObject({ type: 'image', caption: 'pic', from: contactJid });
    expect(message.media.length).toBe(image.length);
    const stored = await fx.messages.uploadMedia(await message.media.open());
    expect((await buffer(fx.messages.openMedia(stored.mediaId))).equals(image)).toBe(true);
  });

  it('audio (voice note), video and document each way', async () => {
    const audio = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 13) % 256));
    const video = Buffer.from(Array.from({ length: 9000 }, (_, i) => (i * 5) % 256));
    const doc = Buffer.from('%PDF-1.4 not really a pdf\n'.repeat(80));
    const stream = (b: Buffer) => Readable.from([b.subarray(0, 1000), b.subarray(1000)]);
    await me.session.send({
      kind: 'audio',
      messageId: 'WILDCAT0007',
      to: contactJid,
      ptt: true,
      media: { stream: stream(audio), mimetype: 'audio/ogg; codecs=opus' },
    });
    await me.session.send({
      kind: 'video',
      messageId: 'WILDCAT0008',
      to: contactJid,
      media: { stream: stream(video), mimetype: 'video/mp4' },
      gifPlayback: true,
      quotedMessageId: 'WILDCAT0001',
    });
    await me.session.send({
      kind: 'document',
      messageId: 'WILDCAT0009',
      to: contactJid,
      media: { stream: stream(doc), mimetype: 'application/pdf', fileName: 'report.pdf' },
    });
    const gotAudio = await fx.peer.nextMessage((m) => m.id === 'WILDCAT0007');
    expect(gotAudio.message.audioMessage?.ptt).toBe(true);
    expect((await fx.peer.downloadMedia(gotAudio.message)).equals(audio)).toBe(true);
    const gotVideo = (await fx.peer.nextMessage((m) => m.id === 'WILDCAT0008')).message;
    expect(gotVideo.videoMessage?.gifPlayback).toBe(true);
    expect(gotVideo.videoMessage?.contextInfo?.stanzaId).toBe('WILDCAT0001');
    expect((await fx.peer.downloadMedia(gotVideo)).equals(video)).toBe(true);
    const gotDoc = await fx.peer.nextMessage((m) => m.id === 'WILDCAT0009');
    expect(gotDoc.message.documentMessage?.fileName).toBe('report.pdf');
    expect((await fx.peer.downloadMedia(gotDoc.message)).equals(doc)).toBe(true);

    const voiceId = await fx.peer.sendMedia(contact, phone, 'audio', audio, { ptt: true });
    const docId = await fx.peer.sendMedia(contact, phone, 'document', doc, {
      mimetype: 'application/pdf',
      fileName: 'r.pdf',
    });
    const stickerId = await fx.peer.sendMedia(contact, phone, 'sticker', video.subarray(0, 2000));
    const voice = (await inbound(voiceId)) as MediaInbound;
    expect(voice.media.ptt).toBe(true);
    expect((await buffer(await voice.media.open())).equals(audio)).toBe(true);
    const document = (await inbound(docId)) as MediaInbound;
    expect(document.media).toMatchObject({ fileName: 'r.pdf', mimetype: 'application/pdf' });
    expect((await buffer(await document.media.open())).equals(doc)).toBe(true);
    const sticker = (await inbound(stickerId)) as MediaInbound;
    expect((await buffer(await sticker.media.open())).equals(video.subarray(0, 2000))).toBe(true);
  });

  it('getMessage answers Baileys from the recorded content (content round-trip)', async () => {
    const content = await fx.messages.getContent(accountId, 'WILDCAT0001');
    expect(content).toBeDefined();
    const { decodeContent } = await import('../src/index.js');
    expect(textOf(decodeContent(content)?.message ?? {})).toBe('hello ✓ wildcat');
    expect(decodeContent(undefined)).toBeUndefined();
  });
});
