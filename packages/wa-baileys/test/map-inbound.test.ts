import { Readable } from 'node:stream';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import type { InboundMessage } from '@wildcat/wa';
import { describe, expect, it } from 'vitest';
import { phoneOfVcard } from '../src/inbound-parts.js';
import { mapInbound } from '../src/map-inbound.js';

const OWN = '15550000001@s.whatsapp.net';
const ADA = '15550002222@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';
const VCARD =
  'BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nTEL;type=CELL;waid=15550003333:+1 555 000 3333\nEND:VCARD';
const open = async () => Readable.from([Buffer.from('bytes')]);

function map(message: proto.IMessage, key: Partial<WAMessage['key']> = {}): InboundMessage | undefined {
  return mapInbound(
    {
      key: { remoteJid: ADA, fromMe: false, id: 'MSG1', ...key },
      message,
      messageTimestamp: 1_700_000_000,
      pushName: 'Ada',
    } as WAMessage,
    OWN,
    open,
  );
}

describe('mapInbound: every shape a customer can send', () => {
  it('text, extended text with quote, mentions and forwarded flag', () => {
    expect(map({ conversation: 'hi' })).toMatchObject({
      type: 'text',
      text: 'hi',
      id: 'MSG1',
      timestamp: 1_700_000_000_000,
    });
    const extended = map({
      extendedTextMessage: {
        text: 'see @1555',
        contextInfo: {
          stanzaId: 'Q1',
          quotedMessage: { conversation: 'the question' },
          mentionedJid: [ADA],
          isForwarded: true,
          forwardingScore: 1,
        },
      },
    });
    expect(extended).toMatchObject({
      type: 'text',
      quotedMessageId: 'Q1',
      quotedText: 'the question',
      mentions: [ADA],
      forwarded: true,
    });
  });

  it('media kinds: image with caption, video, ptv, audio, voice (ptt), document, sticker', () => {
    expect(map({ imageMessage: { mimetype: 'image/jpeg', caption: 'cap', fileLength: 5 } })).toMatchObject({
      type: 'image',
      caption: 'cap',
      media: { mimetype: 'image/jpeg', length: 5 },
    });
    expect(map({ videoMessage: { mimetype: 'video/mp4' } })).toMatchObject({ type: 'video' });
    expect(map({ ptvMessage: { mimetype: 'video/mp4' } })).toMatchObject({ type: 'video' });
    expect(map({ audioMessage: { mimetype: 'audio/mpeg' } })).toMatchObject({
      type: 'audio',
      media: { ptt: false },
    });
    expect(map({ audioMessage: { mimetype: 'audio/ogg', ptt: true } })).toMatchObject({
      type: 'audio',
      media: { ptt: true },
    });
    expect(map({ documentMessage: { mimetype: 'application/pdf', fileName: 'a.pdf' } })).toMatchObject({
      type: 'document',
      media: { fileName: 'a.pdf' },
    });
    expect(map({ stickerMessage: { mimetype: 'image/webp' } })).toMatchObject({ type: 'sticker' });
  });

  it('wrappers are unwrapped: view-once (v1, v2, v2 extension), ephemeral, document with caption', () => {
    const image = { imageMessage: { mimetype: 'image/jpeg', caption: 'once' } };
    expect(map({ viewOnceMessage: { message: image } })).toMatchObject({ type: 'image', caption: 'once' });
    expect(map({ viewOnceMessageV2: { message: image } })).toMatchObject({ type: 'image' });
    expect(map({ viewOnceMessageV2Extension: { message: { audioMessage: { ptt: true } } } })).toMatchObject({
      type: 'audio',
    });
    expect(map({ ephemeralMessage: { message: { conversation: 'poof' } } })).toMatchObject({
      type: 'text',
      text: 'poof',
    });
    expect(
      map({
        documentWithCaptionMessage: {
          message: { documentMessage: { mimetype: 'text/plain', caption: 'doc' } },
        },
      }),
    ).toMatchObject({ type: 'document', caption: 'doc' });
  });

  it('location (pinned and live) and contacts (one card and an array)', () => {
    expect(
      map({
        locationMessage: {
          degreesLatitude: 52.52,
          degreesLongitude: 13.405,
          name: 'TV tower',
          address: 'Berlin',
        },
      }),
    ).toMatchObject({
      type: 'location',
      location: { latitude: 52.52, longitude: 13.405, name: 'TV tower', address: 'Berlin' },
    });
    const live = map({
      liveLocationMessage: { degreesLatitude: 1.5, degreesLongitude: -2.5, caption: 'on my way' },
    });
    expect(live).toMatchObject({
      type: 'location',
      location: { latitude: 1.5, longitude: -2.5, name: 'on my way', live: true },
    });
    expect(map({ contactMessage: { displayName: 'Ada', vcard: VCARD } })).toMatchObject({
      type: 'contact',
      contacts: [{ name: 'Ada', phone: '15550003333', vcard: VCARD }],
    });
    const array = map({
      contactsArrayMessage: {
        displayName: '2 contacts',
        contacts: [
          { vcard: VCARD },
          { displayName: 'Bob', vcard: 'BEGIN:VCARD\nFN:Bob\nTEL:+44 20 7946 0000\nEND:VCARD' },
        ],
      },
    });
    expect(array).toMatchObject({
      type: 'contact',
      contacts: [
        { name: 'Ada Lovelace', phone: '15550003333' },
        { name: 'Bob', phone: '442079460000' },
      ],
    });
    expect(phoneOfVcard('BEGIN:VCARD\nFN:x\nEND:VCARD')).toBeUndefined();
  });

  it('polls of every version; the secret stays out of the model (it is in the stored content)', () => {
    const poll = {
      name: 'Lunch?',
      options: [{ optionName: 'Pizza' }, { optionName: 'Salad' }],
      selectableOptionsCount: 1,
    };
    const expected = {
      type: 'poll',
      poll: { name: 'Lunch?', options: ['Pizza', 'Salad'], selectableCount: 1 },
    };
    const secret = { messageContextInfo: { messageSecret: new Uint8Array(32).fill(7) } };
    expect(map({ pollCreationMessage: poll, ...secret })).toMatchObject(expected);
    expect(map({ pollCreationMessageV2: poll })).toMatchObject(expected);
    expect(map({ pollCreationMessageV3: poll })).toMatchObject(expected);
    expect(map({ pollCreationMessageV5: poll })).toMatchObject(expected);
    expect(JSON.stringify(map({ pollCreationMessage: poll, ...secret }))).not.toContain('messageSecret');
  });

  it('button, list, template and interactive replies become text with the selected id', () => {
    expect(
      map({ buttonsResponseMessage: { selectedButtonId: 'yes', selectedDisplayText: 'Yes' } }),
    ).toMatchObject({
      type: 'text',
      text: 'Yes',
      selectedId: 'yes',
    });
    expect(
      map({
        listResponseMessage: {
          title: 'Large',
          singleSelectReply: { selectedRowId: 'size-l' },
          contextInfo: { stanzaId: 'LIST1' },
        },
      }),
    ).toMatchObject({ type: 'text', text: 'Large', selectedId: 'size-l', quotedMessageId: 'LIST1' });
    expect(
      map({ templateButtonReplyMessage: { selectedId: 't1', selectedDisplayText: 'Track' } }),
    ).toMatchObject({
      type: 'text',
      text: 'Track',
      selectedId: 't1',
    });
    expect(
      map({
        interactiveResponseMessage: {
          body: { text: 'Book' },
          nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"book-1"}' },
        },
      }),
    ).toMatchObject({ type: 'text', text: 'Book', selectedId: 'book-1' });
  });

  it('reactions, revokes and edits (also wrapped in editedMessage)', () => {
    expect(map({ reactionMessage: { key: { id: 'T1' }, text: '👍' } })).toMatchObject({
      type: 'reaction',
      targetId: 'T1',
      emoji: '👍',
    });
    const REVOKE = proto.Message.ProtocolMessage.Type.REVOKE;
    const EDIT = proto.Message.ProtocolMessage.Type.MESSAGE_EDIT;
    expect(map({ protocolMessage: { type: REVOKE, key: { id: 'T2' } } })).toMatchObject({
      type: 'revoke',
      targetId: 'T2',
    });
    const edit = {
      protocolMessage: { type: EDIT, key: { id: 'T3' }, editedMessage: { conversation: 'fixed' } },
    };
    expect(map(edit)).toMatchObject({ type: 'edit', targetId: 'T3', text: 'fixed' });
    expect(map({ editedMessage: { message: edit } })).toMatchObject({
      type: 'edit',
      targetId: 'T3',
      text: 'fixed',
    });
  });

  it('anything else with content is unsupported with the raw content kept as JSON', () => {
    const event = map({ eventMessage: { name: 'Launch party', startTime: 1_800_000_000 } });
    expect(event?.type).toBe('unsupported');
    const raw = JSON.parse((event as Extract<InboundMessage, { type: 'unsupported' }>).raw);
    expect(raw.eventMessage).toMatchObject({ name: 'Launch party', startTime: '1800000000' });
    expect(map({ buttonsMessage: { contentText: 'Pick one' } })).toMatchObject({ type: 'unsupported' });
  });

  it('protocol housekeeping is no message: history sync, app-state keys, sender keys alone', () => {
    const { HISTORY_SYNC_NOTIFICATION, APP_STATE_SYNC_KEY_SHARE } = proto.Message.ProtocolMessage.Type;
    expect(map({ protocolMessage: { type: HISTORY_SYNC_NOTIFICATION, key: { id: 'H' } } })).toBeUndefined();
    expect(map({ protocolMessage: { type: APP_STATE_SYNC_KEY_SHARE, key: { id: 'K' } } })).toBeUndefined();
    expect(
      map({
        senderKeyDistributionMessage: { groupId: GROUP },
        messageContextInfo: { messageSecret: new Uint8Array(4) },
      }),
    ).toBeUndefined();
    // Content this proto cannot decode (a newer WhatsApp's field) arrives empty: kept, not dropped.
    expect(map({})).toMatchObject({ type: 'unsupported', raw: '{}' });
    // A sender-key hand-over together with content is that content.
    expect(map({ senderKeyDistributionMessage: { groupId: GROUP }, conversation: 'hi all' })).toMatchObject({
      type: 'text',
    });
  });

  it('group messages carry the author as participant', () => {
    const message = map({ conversation: 'in the group' }, { remoteJid: GROUP, participant: ADA });
    expect(message).toMatchObject({ chatId: GROUP, from: ADA, participant: ADA });
    expect(map({ conversation: '1:1' })).not.toHaveProperty('participant');
  });
});
