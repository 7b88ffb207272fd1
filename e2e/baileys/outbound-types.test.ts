import { ffmpegImage, ffmpegTone, probeImage, waitFor } from '@wildcat/testkit';
import type { ReceivedMessage } from '@wildcat/wa-test-peer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaileysStack, startLinkedBaileysStack } from './support/baileys-stack.js';

const accountId = 'typesout';
const phone = '15550400091';
const ownJid = `${phone}@s.whatsapp.net`;
const contact = '15557770491';
const contactJid = `${contact}@s.whatsapp.net`;
// proto.Message.ProtocolMessage.Type.REVOKE (this workspace does not import Baileys itself).
const REVOKE = 0;

// The outbound types of issue 17 the adapter tests send directly, here through the whole path:
// gateway → send job → a session worker with WA_ENGINE=baileys (vCards, sticker and voice-note
// conversion in the worker) → the local protocol peer, which decrypts each and shows its content.
// Plus a reaction each way, the one inbound change the inbound-types test leaves to the adapter.
describe('outbound types through real Baileys and the session worker', { retry: 0 }, () => {
  let t: BaileysStack;
  const atContact = (id: string) => (m: ReceivedMessage) => m.id === id && m.to === contact;
  const send = async (route: string, body: object) => {
    const answer = await t.post(`/accounts/${accountId}/message/${route}`, { to: contactJid, ...body });
    expect([route, answer.statusCode]).toEqual([route, 200]);
    const id = answer.body.messageId as string;
    return { id, message: (await t.peer.nextMessage(atContact(id))).message };
  };
  const upload = async (
    kind: string,
    bytes: Buffer,
    mimetype: string,
    fields: Record<string, string> = {},
  ) => {
    const form = new FormData();
    form.append('to', contactJid);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append(kind, new Blob([bytes], { type: mimetype }), `upload.${mimetype.split('/')[1]}`);
    const answer = await t.api.call('POST', `/accounts/${accountId}/message/send/${kind}`, { form });
    expect([kind, answer.status]).toEqual([kind, 200]);
    const id = answer.json.messageId as string;
    return { id, message: (await t.peer.nextMessage(atContact(id))).message };
  };

  beforeAll(async () => {
    t = await startLinkedBaileysStack(accountId, phone);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('location and contact cards: the peer decrypts the coordinates and the vCards the worker built', async () => {
    const place = await send('send/location', {
      latitude: 48.8584,
      longitude: 2.2945,
      name: 'Eiffel Tower',
      address: 'Champ de Mars',
    });
    expect(place.message.locationMessage).toMatchObject({
      degreesLatitude: 48.8584,
      degreesLongitude: 2.2945,
      name: 'Eiffel Tower',
      address: 'Champ de Mars',
    });
    const cards = await send('send/contact', {
      contacts: [
        { name: 'Ada Lovelace', phone: '+44 20 7946 0018' },
        { name: 'Support desk', phone: '+1 555 000 0003' },
      ],
      quotedMessageId: place.id,
    });
    const array = cards.message.contactsArrayMessage;
    expect(array?.contacts?.map((card) => card.displayName)).toEqual(['Ada Lovelace', 'Support desk']);
    expect(array?.contacts?.[0]?.vcard).toContain('TEL;type=CELL;type=VOICE;waid=442079460018:+442079460018');
    expect(array?.contextInfo?.stanzaId).toBe(place.id);
    expect(await t.store.messages.get(accountId, cards.id)).toMatchObject({ type: 'contact', fromMe: true });
  });

  it('stickers and voice notes: converted in the worker, downloaded by the peer as WhatsApp shows them', async () => {
    const sticker = await upload('sticker', ffmpegImage('png', '300x200'), 'image/png');
    expect(sticker.message.stickerMessage?.mimetype).toBe('image/webp');
    expect(probeImage(await t.peer.downloadMedia(sticker.message))).toBe('webp,512,512');

    const voice = await upload('audio', ffmpegTone(), 'audio/wav', { ptt: 'true' });
    expect(voice.message.audioMessage).toMatchObject({ ptt: true, mimetype: 'audio/ogg; codecs=opus' });
    const ogg = await t.peer.downloadMedia(voice.message);
    expect(ogg.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(await t.store.messages.get(accountId, voice.id)).toMatchObject({ type: 'voice', fromMe: true });
  });

  it('reactions and forwards each way, and a delete for everyone, between us and the contact', async () => {
    const theirs = await t.peer.sendText(contact, phone, 'react to me');
    await waitFor(() => t.store.messages.get(accountId, theirs), { what: 'inbound text stored' });
    const reaction = await send('react', { messageId: theirs, emoji: '👍' });
    expect(reaction.message.reactionMessage).toMatchObject({ text: '👍', key: { id: theirs } });

    const ours = await send('send', { message: 'to be liked, then deleted' });
    const liked = await t.peer.sendMessage(contact, phone, {
      reactionMessage: { key: { remoteJid: ownJid, fromMe: true, id: ours.id }, text: '❤️' },
    });
    expect(
      await waitFor(() => t.store.messages.get(accountId, liked), { what: 'reaction stored' }),
    ).toMatchObject({
      type: 'reaction',
      reactionTo: ours.id,
      emoji: '❤️',
      from: contactJid,
    });
    const event = await waitFor(
      async () => (await t.events('message.reaction', accountId)).find((e) => e.data.reactionId === liked),
      { what: 'message.reaction' },
    );
    expect(event.data).toMatchObject({ messageId: ours.id, emoji: '❤️', from: contactJid });

    // A forward each way: ours is marked forwarded at the peer, theirs is stored forwarded.
    const forward = await send('forward', { messageId: theirs });
    expect(forward.message.extendedTextMessage).toMatchObject({
      text: 'react to me',
      contextInfo: { isForwarded: true },
    });
    const forwarded = await t.peer.sendMessage(contact, phone, {
      extendedTextMessage: { text: 'passed on', contextInfo: { isForwarded: true, forwardingScore: 1 } },
    });
    expect(
      await waitFor(() => t.store.messages.get(accountId, forwarded), { what: 'forward stored' }),
    ).toMatchObject({ type: 'text', text: 'passed on', forwarded: true });

    const revoke = await send('delete', { messageId: ours.id });
    expect(revoke.message.protocolMessage).toMatchObject({ type: REVOKE, key: { id: ours.id } });
  });
});
