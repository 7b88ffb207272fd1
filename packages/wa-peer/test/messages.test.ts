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
