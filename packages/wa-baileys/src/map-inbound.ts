import type { Readable } from 'node:stream';
import {
  isJidGroup,
  normalizeMessageContent,
  proto,
  toNumber,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { InboundContent, InboundMessage, MediaKind } from '@wildcat/wa';
import { contactsOf, locationOf, pollOf, rawOf, replyOf } from './inbound-parts.js';
import { authorOf, chatIdOf } from './jids.js';

type MediaMessage =
  | proto.Message.IImageMessage
  | proto.Message.IVideoMessage
  | proto.Message.IAudioMessage
  | proto.Message.IDocumentMessage
  | proto.Message.IStickerMessage;

const MEDIA_FIELDS: readonly [keyof proto.IMessage, MediaKind][] = [
  ['imageMessage', 'image'],
  ['videoMessage', 'video'],
  ['ptvMessage', 'video'],
  ['audioMessage', 'audio'],
  ['documentMessage', 'document'],
  ['stickerMessage', 'sticker'],
];

/**
 * The sender-key hand-over of group encryption. A message that carries one and nothing else
 * besides per-message context is protocol housekeeping, not something a customer sent.
 */
const KEY_DISTRIBUTION = ['senderKeyDistributionMessage', 'fastRatchetKeySenderKeyDistributionMessage'];
const RIDE_ALONG = new Set([...KEY_DISTRIBUTION, 'messageContextInfo']);

/** Opens the decrypted media of a Baileys message as a stream (downloadMediaMessage 'stream'). */
export type OpenMedia = (message: WAMessage) => Promise<Readable>;

/** Text of a message body (plain, extended, or a media caption), for texts and edits. */
function textOf(content: proto.IMessage | null | undefined): string | undefined {
  if (!content) return undefined;
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    undefined
  );
}

/**
 * The one rule for protocol messages: WhatsApp uses them to talk to the device (history sync,
 * app-state keys, disappearing-message settings, peer data requests …), never to carry what a
 * customer wrote, so they are ignored — except a revoke and an edit, which change a message the
 * customer sent earlier.
 */
function protocolOf(protocol: proto.Message.IProtocolMessage): InboundContent | null {
  const targetId = protocol.key?.id;
  if (!targetId) return null;
  if (protocol.type === proto.Message.ProtocolMessage.Type.REVOKE) return { type: 'revoke', targetId };
  if (protocol.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
    const text = textOf(normalizeMessageContent(protocol.editedMessage));
    return text === undefined ? null : { type: 'edit', targetId, text };
  }
  return null;
}

function mediaOf(
  message: WAMessage,
  content: proto.IMessage,
  openMedia: OpenMedia,
): InboundContent | undefined {
  for (const [field, kind] of MEDIA_FIELDS) {
    const media = content[field] as MediaMessage | null | undefined;
    if (!media) continue;
    const caption = 'caption' in media ? (media.caption ?? undefined) : undefined;
    const fileName = 'fileName' in media ? (media.fileName ?? undefined) : undefined;
    const ptt = kind === 'audio' && (media as proto.Message.IAudioMessage).ptt === true;
    const length = media.fileLength ? toNumber(media.fileLength) : undefined;
    return {
      type: kind,
      ...(caption ? { caption } : {}),
      media: {
        mimetype: media.mimetype ?? 'application/octet-stream',
        ...(fileName ? { fileName } : {}),
        ...(length !== undefined ? { length } : {}),
        ...(kind === 'audio' ? { ptt } : {}),
        // Lazy: the worker opens it only for messages it has not stored yet.
        open: () => openMedia(message),
      },
    };
  }
  return undefined;
}

/** What a (normalized) message carries; null for protocol housekeeping, which is no message. */
function contentOf(message: WAMessage, content: proto.IMessage, openMedia: OpenMedia): InboundContent | null {
  if (content.protocolMessage) return protocolOf(content.protocolMessage);
  if (content.reactionMessage) {
    const targetId = content.reactionMessage.key?.id;
    return targetId ? { type: 'reaction', targetId, emoji: content.reactionMessage.text ?? '' } : null;
  }
  const typed =
    mediaOf(message, content, openMedia) ??
    locationOf(content) ??
    contactsOf(content) ??
    pollOf(content) ??
    replyOf(content);
  if (typed) return typed;
  const text = content.conversation ?? content.extendedTextMessage?.text;
  if (typeof text === 'string') return { type: 'text', text };
  const fields = Object.keys(content).filter((field) => content[field as keyof proto.IMessage] != null);
  const keyDistribution = fields.some((field) => KEY_DISTRIBUTION.includes(field));
  if (keyDistribution && fields.every((field) => RIDE_ALONG.has(field))) return null;
  // Anything else a customer sent (events, orders, business buttons, …) is kept whole — also a
  // message that decoded to nothing: fields this Baileys' proto does not know yet are skipped by
  // the decoder, so a newer WhatsApp feature arrives as empty content, and must not vanish.
  return { type: 'unsupported', raw: rawOf(content) };
}

/** The context of the message's content: what it quotes, mentions, and whether it was forwarded. */
function contextOf(content: proto.IMessage): proto.IContextInfo | undefined {
  for (const [field, value] of Object.entries(content)) {
    if (field === 'messageContextInfo') continue;
    const context = (value as { contextInfo?: proto.IContextInfo | null } | null)?.contextInfo;
    if (context) return context;
  }
  return undefined;
}

/**
 * Maps one Baileys message into our model. Undefined only for what no customer sent: stubs
 * without content (group notices, failed decryptions) and protocol housekeeping (see protocolOf
 * and KEY_DISTRIBUTION). Everything else arrives, as `unsupported` when the model has no shape.
 */
export function mapInbound(
  message: WAMessage,
  ownJid: string,
  openMedia: OpenMedia,
): InboundMessage | undefined {
  const content = normalizeMessageContent(message.message);
  const id = message.key.id;
  if (!content || !id || !message.key.remoteJid) return undefined;
  const mapped = contentOf(message, content, openMedia);
  if (!mapped) return undefined;
  const context = contextOf(content);
  const isContent = mapped.type !== 'reaction' && mapped.type !== 'revoke' && mapped.type !== 'edit';
  const quotedMessageId = isContent ? context?.stanzaId : undefined;
  const quotedText = quotedMessageId ? textOf(normalizeMessageContent(context?.quotedMessage)) : undefined;
  const mentions = isContent ? (context?.mentionedJid ?? []).filter(Boolean) : [];
  const forwarded = isContent && (context?.isForwarded === true || (context?.forwardingScore ?? 0) > 0);
  const seconds = message.messageTimestamp ? toNumber(message.messageTimestamp) : 0;
  const from = authorOf(message.key, ownJid);
  return {
    id,
    chatId: chatIdOf(message.key),
    from,
    fromMe: message.key.fromMe === true,
    timestamp: seconds > 0 ? seconds * 1000 : Date.now(),
    ...(message.pushName ? { pushName: message.pushName } : {}),
    ...(quotedMessageId ? { quotedMessageId } : {}),
    ...(quotedText !== undefined ? { quotedText } : {}),
    ...(isJidGroup(message.key.remoteJid) ? { participant: from } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
    ...(forwarded ? { forwarded: true } : {}),
    ...mapped,
  } as InboundMessage;
}
