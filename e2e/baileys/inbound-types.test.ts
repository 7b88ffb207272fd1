import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { MessageDoc } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import type { WaPeer } from '@wildcat/wa-test-peer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaileysStack, startLinkedBaileysStack } from './support/baileys-stack.js';

const accountId = 'typesbot';
const phone = '15550400071';
const contact = '15557770471';
const contactJid = `${contact}@s.whatsapp.net`;
const VCARD =
  'BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nTEL;type=CELL;waid=15550003333:+1 555 000 3333\nEND:VCARD';
// proto.Message.ProtocolMessage.Type (this workspace does not import Baileys itself).
const REVOKE = 0;
const MESSAGE_EDIT = 14;
type PeerContent = Parameters<WaPeer['sendMessage']>[2];

/** An encoded proto.Message with field 999, which no proto schema of this Baileys knows. */
function futureMessage(): Uint8Array {
  const payload = Buffer.from('a message type from the future');
  // Tag of field 999, wire type 2 (length-delimited) as a varint: (999 << 3) | 2 = 7994.
  return Buffer.concat([Buffer.from([0xba, 0x3e, payload.length]), payload]);
}

const bytes = (size: number, seed: number) =>
  Buffer.from(Array.from({ length: size }, (_, i) => (i * seed + 7) % 256));

describe('every inbound message type through real Baileys and the session worker', { retry: 0 }, () => {
  let t: BaileysStack;

  beforeAll(async () => {
    t = await startLinkedBaileysStack(accountId, phone);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the peer sends one encrypted message of every type; each is stored and evented typed, none dropped', async () => {
    const image = bytes(20_000, 31);
    const send = (message: PeerContent, mediaType?: string) =>
      t.peer.sendMessage(contact, phone, message, mediaType ? { mediaType } : undefined);
    const ids = {
      text: await t.peer.sendText(contact, phone, 'teh original'),
      image: await t.peer.sendMedia(contact, phone, 'image', image, { caption: 'a photo' }),
      video: await t.peer.sendMedia(contact, phone, 'video', bytes(5_000, 13)),
      audio: await t.peer.sendMedia(contact, phone, 'audio', bytes(3_000, 17), { mimetype: 'audio/mpeg' }),
      voice: await t.peer.sendMedia(contact, phone, 'audio', bytes(3_000, 19), { ptt: true }),
      document: await t.peer.sendMedia(contact, phone, 'document', bytes(4_000, 23), {
        mimetype: 'application/pdf',
        fileName: 'invoice.pdf',
        caption: 'your invoice',
      }),
      sticker: await t.peer.sendMedia(contact, phone, 'sticker', bytes(2_000, 29)),
      location: await send({
        locationMessage: {
          degreesLatitude: 52.5186,
          degreesLongitude: 13.3762,
          name: 'Reichstag',
          address: 'Berlin',
        },
      }),
      liveLocation: await send({
        liveLocationMessage: { degreesLatitude: 48.8584, degreesLongitude: 2.2945, caption: 'walking' },
      }),
      contact: await send({ contactMessage: { displayName: 'Ada', vcard: VCARD } }),
      contactsArray: await send({
        contactsArrayMessage: {
          displayName: '2 contacts',
          contacts: [
            { displayName: 'Ada', vcard: VCARD },
            { displayName: 'Bob', vcard: 'BEGIN:VCARD\nFN:Bob\nTEL:+44 20 7946 0000\nEND:VCARD' },
          ],
        },
      }),
      poll: await send({
        pollCreationMessageV3: {
          name: 'Lunch?',
          options: [{ optionName: 'Pizza' }, { optionName: 'Salad' }, { optionName: 'Soup' }],
          selectableOptionsCount: 1,
        },
        messageContextInfo: { messageSecret: randomBytes(32) },
      }),
      buttonReply: await send({
        buttonsResponseMessage: { selectedButtonId: 'btn-yes', selectedDisplayText: 'Yes', type: 1 },
      }),
      listReply: await send({
        listResponseMessage: { title: 'Large', listType: 1, singleSelectReply: { selectedRowId: 'size-l' } },
      }),
      viewOnce: await send(
        { viewOnceMessageV2: { message: await t.peer.mediaMessage('image', image, { caption: 'once' }) } },
        'image',
      ),
      ephemeral: await send({
        ephemeralMessage: {
          message: { extendedTextMessage: { text: 'disappearing', contextInfo: { expiration: 86_400 } } },
        },
      }),
      unknownToUs: await send({ eventMessage: { name: 'Launch party', startTime: 1_900_000_000 } }),
      unknownToBaileys: await send(futureMessage()),
    };
    const edit = await send({
      protocolMessage: {
        type: MESSAGE_EDIT,
        key: { remoteJid: `${phone}@s.whatsapp.net`, fromMe: false, id: ids.text },
        editedMessage: { conversation: 'the original, fixed' },
      },
    });
    const revoke = await send({
      protocolMessage: {
        type: REVOKE,
        key: { remoteJid: `${phone}@s.whatsapp.net`, fromMe: false, id: ids.ephemeral },
      },
    });

    const get = (id: string) => t.store.messages.get(accountId, id);
    const stored = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([name, id]) => [
          name,
          await waitFor(() => get(id), { what: `stored ${name}` }),
        ]),
      ),
    ) as Record<keyof typeof ids, MessageDoc>;
    // None dropped: one stored message per message sent, each of its own type.
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
      contactsArray: 'contact',
      poll: 'poll',
      buttonReply: 'text',
      listReply: 'text',
      viewOnce: 'image',
      ephemeral: 'text',
      unknownToUs: 'unsupported',
      unknownToBaileys: 'unsupported',
    });
    expect(stored.image).toMatchObject({ caption: 'a photo', hasMedia: true, mimetype: 'image/jpeg' });
    expect((await buffer(t.store.media.openDownload(stored.image.mediaId!))).equals(image)).toBe(true);
    expect((await buffer(t.store.media.openDownload(stored.viewOnce.mediaId!))).equals(image)).toBe(true);
    expect(stored.viewOnce).toMatchObject({ caption: 'once', hasMedia: true });
    expect(stored.voice).toMatchObject({ hasMedia: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(stored.document).toMatchObject({
      fileName: 'invoice.pdf',
      caption: 'your invoice',
      mimetype: 'application/pdf',
    });
    expect(stored.sticker).toMatchObject({ hasMedia: true, mimetype: 'image/webp' });
    for (const kind of ['video', 'audio'] as const) expect(stored[kind].hasMedia).toBe(true);
    expect(stored.location.location).toEqual({
      latitude: 52.5186,
      longitude: 13.3762,
      name: 'Reichstag',
      address: 'Berlin',
    });
    expect(stored.liveLocation.location).toEqual({
      latitude: 48.8584,
      longitude: 2.2945,
      name: 'walking',
      live: true,
    });
    expect(stored.contact.contacts).toEqual([{ name: 'Ada', phone: '15550003333', vcard: VCARD }]);
    expect(
      stored.contactsArray.contacts?.map((c: { name: string; phone?: string }) => [c.name, c.phone]),
    ).toEqual([
      ['Ada', '15550003333'],
      ['Bob', '442079460000'],
    ]);
    expect(stored.poll.poll).toEqual({
      name: 'Lunch?',
      options: ['Pizza', 'Salad', 'Soup'],
      selectableCount: 1,
    });
    // The vote-decryption secret is kept in the stored engine content, not in the view.
    expect(await t.store.messages.getContent(accountId, ids.poll)).toContain('messageSecret');
    expect(stored.buttonReply).toMatchObject({ text: 'Yes', selectedId: 'btn-yes' });
    expect(stored.listReply).toMatchObject({ text: 'Large', selectedId: 'size-l' });
    expect(JSON.parse(stored.unknownToUs.raw!).eventMessage).toMatchObject({ name: 'Launch party' });
    expect(stored.unknownToBaileys.raw).toBe('{}');

    // The edit and the revoke change the messages they name and say so. WhatsApp does not promise
    // order: the first message of a new contact sometimes reaches the handler after the edit sent
    // later (seen 2 runs in 3 here), so the edit is held and folded in when its message is stored.
    await waitFor(async () => (await get(ids.text))?.editedAt !== undefined, {
      what: 'edit applied',
      timeoutMs: 30_000,
    });
    expect(await get(ids.text)).toMatchObject({ text: 'the original, fixed' });
    await waitFor(async () => (await get(ids.ephemeral))?.deletedAt !== undefined, {
      what: 'revoke applied',
    });
    const edited = await waitFor(async () => (await t.events('message.edited', accountId))[0], {
      what: 'message.edited',
    });
    expect(edited.data).toMatchObject({ messageId: ids.text, text: 'the original, fixed' });
    // previousText only when the original was stored first.
    if (edited.data.previousText !== undefined) expect(edited.data.previousText).toBe('teh original');
    const revoked = await waitFor(async () => (await t.events('message.revoked', accountId))[0], {
      what: 'message.revoked',
    });
    expect(revoked.data).toMatchObject({ messageId: ids.ephemeral, revokeId: revoke, from: contactJid });
    expect((await t.events('message.deleted', accountId)).map((e) => e.data.messageId)).toEqual([
      ids.ephemeral,
    ]);
    expect(edit).toBeTruthy();

    // One message event per stored message, typed like the store.
    const events = await waitFor(
      async () => {
        const all = await t.events('message', accountId);
        return all.length >= Object.keys(ids).length ? all : undefined;
      },
      { what: 'message events' },
    );
    const typeOfEvent = new Map(events.map((e) => [e.data.messageId, e.data.type]));
    for (const [name, id] of Object.entries(ids))
      expect([name, typeOfEvent.get(id)]).toEqual([name, stored[name as keyof typeof ids].type]);
    // GET /messages/:id shows the typed fields.
    const view = await t.get(`/accounts/${accountId}/messages/${ids.poll}`);
    expect(view.body.message).toMatchObject({ type: 'poll', poll: { name: 'Lunch?' } });
    expect(view.body.message).not.toHaveProperty('content');
  }, 180_000);
});
