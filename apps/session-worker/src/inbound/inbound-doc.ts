import type { MessageType, NewMessage } from '@wildcat/store';
import type { InboundMessage } from '@wildcat/wa';

/** Inbound messages that become a stored message of their own (not a change to another one). */
export type ContentMessage = Exclude<InboundMessage, { type: 'reaction' | 'revoke' | 'edit' | 'poll-vote' }>;
export type MediaMessage = Extract<ContentMessage, { media: unknown }>;

export function hasMedia(message: ContentMessage): message is MediaMessage {
  return 'media' in message;
}

/** The stored type: a voice note is audio the engine marked push-to-talk. */
export function storedTypeOf(message: ContentMessage): MessageType {
  if (message.type === 'audio' && message.media.ptt) return 'voice';
  return message.type;
}

const isGroup = (chatId: string) => chatId.endsWith('@g.us');

/** Fields every stored inbound message has, whatever it carries. */
export function baseFields(accountId: string, message: InboundMessage) {
  const participant = message.participant ?? (isGroup(message.chatId) ? message.from : undefined);
  return {
    accountId,
    messageId: message.id,
    chatId: message.chatId,
    from: message.from,
    fromMe: message.fromMe,
    timestamp: message.timestamp,
    status: message.fromMe ? ('sent' as const) : ('received' as const),
    ...(message.pushName ? { pushName: message.pushName } : {}),
    ...(message.quotedMessageId ? { quotedMessageId: message.quotedMessageId } : {}),
    ...(message.content ? { content: message.content } : {}),
    ...(participant ? { participant } : {}),
    ...(message.mentions?.length ? { mentions: message.mentions } : {}),
    ...(message.forwarded ? { forwarded: true } : {}),
  };
}

/** What a content message stores beyond the base fields and its media file. */
export function contentFields(message: ContentMessage): Partial<NewMessage> {
  switch (message.type) {
    case 'text':
      return { text: message.text, ...(message.selectedId ? { selectedId: message.selectedId } : {}) };
    case 'location':
      return { location: message.location };
    case 'contact':
      return { contacts: message.contacts };
    case 'poll':
      return { poll: message.poll };
    case 'unsupported':
      return { raw: message.raw };
    default:
      return message.caption ? { caption: message.caption } : {};
  }
}
