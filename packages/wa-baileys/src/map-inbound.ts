import type { Readable } from 'node:stream';
import { normalizeMessageContent, proto, toNumber, type WAMessage } from '@whiskeysockets/baileys';
import type { InboundContent, InboundMessage, MediaKind } from '@wildcat/wa';
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

function contentOf(
  message: WAMessage,
  content: proto.IMessage,
  openMedia: OpenMedia,
): InboundContent | undefined {
  const protocol = content.protocolMessage;
  if (protocol) {
    const targetId = protocol.key?.id;
    if (!targetId) return undefined;
    if (protocol.type === proto.Message.ProtocolMessage.Type.REVOKE) return { type: 'revoke', targetId };
    if (protocol.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
      const text = textOf(normalizeMessageContent(protocol.editedMessage));
      return text === undefined ? undefined : { type: 'edit', targetId, text };
    }
    // history sync, app-state keys, ephemeral settings …: Baileys handles them itself
    return undefined;
  }
  if (content.reactionMessage) {
    const targetId = content.reactionMessage.key?.id;
    return targetId ? { type: 'reaction', targetId, emoji: content.reactionMessage.text ?? '' } : undefined;
  }
  for (const [field, kind] of MEDIA_FIELDS) {
    const media = content[field] as MediaMessage | null | undefined;
    if (!media) continue;
    const caption = 'caption' in media ? (media.caption ?? undefined) : undefined;
    const fileName = 'fileName' in media ? (media.fileName ?? undefined) : undefined;
    const ptt = 'ptt' in media ? media.ptt === true : undefined;
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
  const text = content.conversation ?? content.extendedTextMessage?.text;
  return typeof text === 'string' ? { type: 'text', text } : undefined;
}

function quotedIdOf(content: proto.IMessage): string | undefined {
  for (const value of Object.values(content)) {
    const stanzaId = (value as { contextInfo?: proto.IContextInfo } | null)?.contextInfo?.stanzaId;
    if (stanzaId) return stanzaId;
  }
  return undefined;
}

/**
 * Maps one Baileys message into our model; undefined for what the model does not carry
 * (stubs, protocol housekeeping, polls, locations, …).
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
  const quotedMessageId = mapped.type === 'text' || 'media' in mapped ? quotedIdOf(content) : undefined;
  const seconds = message.messageTimestamp ? toNumber(message.messageTimestamp) : 0;
  return {
    id,
    chatId: chatIdOf(message.key),
    from: authorOf(message.key, ownJid),
    fromMe: message.key.fromMe === true,
    timestamp: seconds > 0 ? seconds * 1000 : Date.now(),
    ...(message.pushName ? { pushName: message.pushName } : {}),
    ...(quotedMessageId ? { quotedMessageId } : {}),
    ...mapped,
  } as InboundMessage;
}
