import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { InboundMessage } from '@wildcat/wa';
import { decryptVote, type PeerPollVote, pollVoteMessage } from '@wildcat/wa-test-peer';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeContent, type SendResultWithContent } from '../src/index.js';
import { type TestSession, useFixture } from './fixture.js';

const phone = '15550200011';
const ownJid = `${phone}@s.whatsapp.net`;
const contact = '15557770111';
const contactJid = `${contact}@s.whatsapp.net`;
const VCARD =
  'BEGIN:VCARD\nVERSION:3.0\nN:;Ada\\, Countess;;;\nFN:Ada\\, Countess\nTEL;type=CELL;type=VOICE;waid=442079460018:+442079460018\nEND:VCARD';
type Vote = Extract<InboundMessage, { type: 'poll-vote' }>;

describe('Baileys adapter: location, contacts, polls, votes and stickers with the local peer', () => {
  const fx = useFixture();
  let me: TestSession;
  const accountId = 'acc-structured';

  beforeAll(async () => {
    me = await fx.pair(accountId, phone);
  });

  /** What the worker's send pipeline does: record the content Baileys may ask for later. */
  function recordSent(result: SendResultWithContent) {
    if (result.content) fx.messages.recordContent(accountId, result.messageId, result.content);
  }
  /** The contact votes on a poll of ours: a pollUpdateMessage encrypted with the poll's secret. */
  const sendPollVote = (vote: PeerPollVote) =>
    fx.peer.sendMessage(contact, phone, pollVoteMessage(contact, phone, vote));
  const vote = (pollId: string, nth = 0) =>
    me.until(
      (e) => e.messages.filter((m): m is Vote => m.type === 'poll-vote' && m.pollMessageId === pollId)[nth],
      `vote ${nth} on ${pollId}`,
    );

  it('location: the peer decrypts the coordinates, place name and address', async () => {
    await me.session.send({
      kind: 'location',
      messageId: 'WCLOC0001',
      to: contactJid,
      location: { latitude: 48.8584, longitude: -2.2945, name: 'Tower', address: 'Champ de Mars, Paris' },
    });
    const received = await fx.peer.nextMessage((m) => m.id === 'WCLOC0001');
    expect(received.message.locationMessage).toMatchObject({
      degreesLatitude: 48.8584,
      degreesLongitude: -2.2945,
      name: 'Tower',
      address: 'Champ de Mars, Paris',
    });
  });

  it('contacts: one card arrives as a contactMessage, several as a contactsArrayMessage, vCards intact', async () => {
    await me.session.send({
      kind: 'contact',
      messageId: 'WCCON0001',
      to: contactJid,
      contacts: [{ name: 'Ada, Countess', phone: '442079460018', vcard: VCARD }],
    });
    const one = (await fx.peer.nextMessage((m) => m.id === 'WCCON0001')).message;
    expect(one.contactMessage).toMatchObject({ displayName: 'Ada, Countess', vcard: VCARD });

    const second = VCARD.replace(/Ada\\, Countess/g, 'Desk').replace(/442079460018/g, '15550000003');
    await me.session.send({
      kind: 'contact',
      messageId: 'WCCON0002',
      to: contactJid,
      contacts: [
        { name: 'Ada, Countess', phone: '442079460018', vcard: VCARD },
        { name: 'Desk', phone: '15550000003', vcard: second },
      ],
      quotedMessageId: 'WCLOC0001',
    });
    const many = (await fx.peer.nextMessage((m) => m.id === 'WCCON0002')).message.contactsArrayMessage;
    expect(many?.displayName).toBe('2 contacts');
    expect(many?.contacts?.map((c) => [c.displayName, c.vcard])).toEqual([
      ['Ada, Countess', VCARD],
      ['Desk', second],
    ]);
    expect(many?.contextInfo?.stanzaId).toBe('WCLOC0001');
  });

  it('poll: options, single choice and a 32-byte messageSecret; the contact votes and we hear the names', async () => {
    const sent = await me.session.send({
      kind: 'poll',
      messageId: 'WCPOLL0001',
      to: contactJid,
      poll: { name: 'Delivery day?', options: ['Monday', 'Tuesday', 'Friday'], selectableCount: 1 },
    });
    recordSent(sent);
    const received = (await fx.peer.nextMessage((m) => m.id === 'WCPOLL0001')).message;
    // rc14 sends a single-choice poll as V3
    const poll = received.pollCreationMessageV3;
    expect(poll?.name).toBe('Delivery day?');
    expect(poll?.options?.map((o) => o.optionName)).toEqual(['Monday', 'Tuesday', 'Friday']);
    expect(poll?.selectableOptionsCount).toBe(1);
    const secret = received.messageContextInfo?.messageSecret;
    expect(secret?.length).toBe(32);

    await sendPollVote({
      pollMessageId: 'WCPOLL0001',
      messageSecret: secret!,
      options: ['Tuesday'],
    });
    expect(await vote('WCPOLL0001')).toMatchObject({
      type: 'poll-vote',
      from: contactJid,
      chatId: contactJid,
      fromMe: false,
      selectedOptions: ['Tuesday'],
    });
    // A changed mind: the next vote carries only the new choice.
    await sendPollVote({
      pollMessageId: 'WCPOLL0001',
      messageSecret: secret!,
      options: ['Friday'],
    });
    expect((await vote('WCPOLL0001', 1)).selectedOptions).toEqual(['Friday']);
  });

  it('a multiple-choice poll goes as pollCreationMessage; a vote with a wrong secret is skipped, not mis-read', async () => {
    const sent = await me.session.send({
      kind: 'poll',
      messageId: 'WCPOLL0002',
      to: contactJid,
      poll: { name: 'Toppings', options: ['Cheese', 'Olives', 'Basil'], selectableCount: 2 },
    });
    recordSent(sent);
    const received = (await fx.peer.nextMessage((m) => m.id === 'WCPOLL0002')).message;
    expect(received.pollCreationMessage?.selectableOptionsCount).toBe(2);
    const secret = received.messageContextInfo?.messageSecret ?? Buffer.alloc(0);
    await sendPollVote({
      pollMessageId: 'WCPOLL0002',
      messageSecret: Buffer.alloc(32, 7),
      options: ['Cheese'],
    });
    await sendPollVote({
      pollMessageId: 'WCPOLL0002',
      messageSecret: secret,
      options: ['Olives', 'Basil'],
    });
    const first = await vote('WCPOLL0002');
    expect(first.selectedOptions).toEqual(['Olives', 'Basil']);
  });

  it('poll-vote: our vote on the contact’s poll is encrypted with its secret, for the contact to decrypt', async () => {
    const messageSecret = Buffer.alloc(32, 3);
    const pollId = await fx.peer.sendMessage(contact, phone, {
      pollCreationMessageV3: {
        name: 'Lunch?',
        options: [{ optionName: 'Pizza' }, { optionName: 'Sushi' }],
        selectableOptionsCount: 1,
      },
      messageContextInfo: { messageSecret },
    });
    // The worker stores what arrives (content included); here the fixture records it the same way.
    const content = encodeContent({
      key: { remoteJid: contactJid, fromMe: false, id: pollId },
      message: {
        pollCreationMessageV3: {
          name: 'Lunch?',
          options: [{ optionName: 'Pizza' }, { optionName: 'Sushi' }],
        },
        messageContextInfo: { messageSecret },
      },
    });
    fx.messages.recordContent(accountId, pollId, content!);
    await me.session.send({
      kind: 'poll-vote',
      messageId: 'WCVOTE0001',
      to: contactJid,
      pollMessageId: pollId,
      options: ['Sushi'],
    });
    const update = (await fx.peer.nextMessage((m) => m.id === 'WCVOTE0001')).message.pollUpdateMessage;
    expect(update?.pollCreationMessageKey?.id).toBe(pollId);
    const hashes = decryptVote(
      { encPayload: update!.vote!.encPayload!, encIv: update!.vote!.encIv! },
      { pollMessageId: pollId, pollCreatorJid: contactJid, voterJid: ownJid, messageSecret },
    );
    expect(hashes).toEqual([createHash('sha256').update('Sushi').digest()]);
  });

  it('sticker: an image/webp stickerMessage whose bytes the contact downloads intact', async () => {
    const webp = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.from([0x40, 0x00, 0x00, 0x00]),
      Buffer.from('WEBPVP8L'),
      Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256)),
    ]);
    await me.session.send({
      kind: 'sticker',
      messageId: 'WCSTK0001',
      to: contactJid,
      media: { stream: Readable.from([webp]), mimetype: 'image/webp', length: webp.length },
    });
    const sticker = (await fx.peer.nextMessage((m) => m.id === 'WCSTK0001')).message;
    expect(sticker.stickerMessage?.mimetype).toBe('image/webp');
    expect((await fx.peer.downloadMedia(sticker)).equals(webp)).toBe(true);
  });
});
