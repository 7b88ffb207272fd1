import { downloadMediaMessage } from '@whiskeysockets/baileys';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWaPeer, type WaPeer } from '../src/index.js';
import { pairByQr, type TestClient } from './baileys-client.js';

describe('1:1 messages with the real Baileys client', () => {
  let peer: WaPeer;
  let client: TestClient;
  const warnings: unknown[] = [];
  const phone = '15550003333';
  const contact = '15557770001';

  beforeAll(async () => {
    peer = await startWaPeer();
    peer.on('warning', (w) => warnings.push(w));
    ({ client } = await pairByQr(peer, phone));
  });
  afterAll(async () => {
    client?.end();
    await peer.close();
    expect(warnings).toEqual([]);
  });

  it('client → contact: the peer decrypts exactly the text', async () => {
    const sent = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: 'hello from wildcat ✓' });
    const received = await peer.nextMessage((m) => m.id === sent?.key.id);
    expect(received.to).toBe(contact);
    const text = received.message.conversation ?? received.message.extendedTextMessage?.text;
    expect(text).toBe('hello from wildcat ✓');
  });

  it('contact → client: messages.upsert carries the text', async () => {
    const id = await peer.sendText(contact, phone, 'hi back');
    const message = await waitFor(() => client.messages.find((m) => m.key.id === id), {
      what: 'inbound text',
    });
    expect(message.message?.conversation).toBe('hi back');
    expect(message.key.fromMe).toBe(false);
  });

  it('a second text each way reuses the sessions', async () => {
    const sent = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: 'second' });
    const received = await peer.nextMessage((m) => m.id === sent?.key.id);
    expect(received.message.conversation ?? received.message.extendedTextMessage?.text).toBe('second');
    const id = await peer.sendText(contact, phone, 'second back');
    const message = await waitFor(() => client.messages.find((m) => m.key.id === id), {
      what: 'inbound text',
    });
    expect(message.message?.conversation).toBe('second back');
  });

  it('a new contact writes first (pkmsg to the client)', async () => {
    const id = await peer.sendText('15557770002', phone, 'first contact');
    const message = await waitFor(() => client.messages.find((m) => m.key.id === id), {
      what: 'inbound text',
    });
    expect(message.message?.conversation).toBe('first contact');
  });

  it('receipts: the client confirms delivery; the contact sends delivered and read', async () => {
    const receipts: { id?: string; type?: string }[] = [];
    peer.on('receipt', (r) => receipts.push(r));
    const id = await peer.sendText(contact, phone, 'please confirm');
    await waitFor(() => receipts.find((r) => r.id === id), { what: 'delivery receipt from the client' });

    const updates: { id?: string | null; status?: number | null }[] = [];
    client.sock.ev.on('messages.update', (batch) => {
      for (const u of batch) updates.push({ id: u.key.id, status: u.update.status });
    });
    const sent = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, { text: 'read me' });
    await peer.nextMessage((m) => m.id === sent?.key.id);
    // Baileys folds updates into a still-buffered upsert: let its own upsert flush first
    await waitFor(() => client.messages.find((m) => m.key.id === sent?.key.id), { what: 'own upsert' });
    peer.sendReceipt(contact, phone, [sent!.key.id!]);
    await waitFor(() => updates.find((u) => u.id === sent?.key.id && u.status === 3), {
      what: 'DELIVERY_ACK',
    });
    peer.sendReceipt(contact, phone, [sent!.key.id!], 'read');
    await waitFor(() => updates.find((u) => u.id === sent?.key.id && u.status === 4), { what: 'READ' });
  });

  it('the client can address a contact by LID', async () => {
    const [lid] = (await client.sock.onWhatsApp(contact)) ?? [];
    expect(lid?.exists).toBe(true);
    const mapping = await client.sock.signalRepository.lidMapping.getLIDForPN(`${contact}@s.whatsapp.net`);
    expect(mapping).toMatch(/@lid$/);
    const sent = await client.sock.sendMessage(mapping!, { text: 'via lid' });
    const received = await peer.nextMessage((m) => m.id === sent?.key.id);
    expect(received.to).toBe(contact);
    expect(received.message.conversation ?? received.message.extendedTextMessage?.text).toBe('via lid');
  });

  it('audio and document each way arrive byte-identical', async () => {
    const audio = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 13) % 256));
    const doc = Buffer.from('%PDF-1.4 not really a pdf\n'.repeat(50));
    const sentAudio = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, {
      audio,
      mimetype: 'audio/ogg; codecs=opus',
      seconds: 1,
    } as never);
    const gotAudio = await peer.nextMessage((m) => m.id === sentAudio?.key.id);
    expect((await peer.downloadMedia(gotAudio.message)).equals(audio)).toBe(true);
    const sentDoc = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, {
      document: doc,
      mimetype: 'application/pdf',
      fileName: 'report.pdf',
    });
    const gotDoc = await peer.nextMessage((m) => m.id === sentDoc?.key.id);
    expect(gotDoc.message.documentMessage?.fileName).toBe('report.pdf');
    expect((await peer.downloadMedia(gotDoc.message)).equals(doc)).toBe(true);

    const audioId = await peer.sendMedia(contact, phone, 'audio', audio, { ptt: true });
    const docId = await peer.sendMedia(contact, phone, 'document', doc, {
      mimetype: 'application/pdf',
      fileName: 'r.pdf',
    });
    for (const [id, bytes] of [
      [audioId, audio],
      [docId, doc],
    ] as const) {
      const inbound = await waitFor(() => client.messages.find((m) => m.key.id === id), {
        what: 'inbound media',
      });
      const downloaded = await downloadMediaMessage(inbound, 'buffer', peer.downloadOptions());
      expect(Buffer.from(downloaded).equals(bytes)).toBe(true);
    }
  });

  it('image each way arrives byte-identical', async () => {
    const image = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    const sent = await client.sock.sendMessage(`${contact}@s.whatsapp.net`, {
      image,
      mimetype: 'image/jpeg',
      jpegThumbnail: '',
    } as never);
    const received = await peer.nextMessage((m) => m.id === sent?.key.id);
    expect((await peer.downloadMedia(received.message)).equals(image)).toBe(true);

    const id = await peer.sendImage(contact, phone, image, { caption: 'pic' });
    const inbound = await waitFor(() => client.messages.find((m) => m.key.id === id), {
      what: 'inbound image',
    });
    const downloaded = await downloadMediaMessage(inbound, 'buffer', peer.downloadOptions());
    expect(Buffer.from(downloaded).equals(image)).toBe(true);
  });
});
