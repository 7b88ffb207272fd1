import { eventId, type WildcatEvent } from '@wildcat/jobs';
import type { MessageDoc } from '@wildcat/store';

/** The `message` event: what the webhook worker builds the seed payload and envelopes from. */
export function messageEvent(
  doc: MessageDoc | Omit<MessageDoc, 'ackRank' | 'createdAt' | 'updatedAt'>,
  /** Text of the quoted message (not stored with the reply; the flat webhook's quotedMessage.text). */
  quotedText?: string,
): WildcatEvent {
  return {
    id: eventId('message', doc.accountId, doc.messageId),
    type: 'message',
    accountId: doc.accountId,
    timestamp: doc.timestamp,
    data: {
      messageId: doc.messageId,
      chatId: doc.chatId,
      from: doc.from,
      fromMe: doc.fromMe,
      timestamp: doc.timestamp,
      type: doc.type,
      hasMedia: doc.hasMedia ?? false,
      ...(doc.text !== undefined ? { text: doc.text } : {}),
      ...(doc.caption !== undefined ? { caption: doc.caption } : {}),
      ...(doc.mediaId ? { mediaId: doc.mediaId } : {}),
      ...(doc.mimetype ? { mimetype: doc.mimetype } : {}),
      ...(doc.fileName ? { fileName: doc.fileName } : {}),
      ...(doc.quotedMessageId ? { quotedMessageId: doc.quotedMessageId } : {}),
      ...(doc.quotedMessageId && quotedText !== undefined ? { quotedText } : {}),
      ...(doc.pushName ? { pushName: doc.pushName } : {}),
      ...(doc.location ? { location: doc.location } : {}),
      ...(doc.contacts ? { contacts: doc.contacts } : {}),
      ...(doc.poll ? { poll: doc.poll } : {}),
      ...(doc.selectedId ? { selectedId: doc.selectedId } : {}),
      ...(doc.forwarded ? { forwarded: true } : {}),
      ...(doc.participant ? { participant: doc.participant } : {}),
      ...(doc.mentions?.length ? { mentions: doc.mentions } : {}),
      ...(doc.raw !== undefined ? { raw: doc.raw } : {}),
      ...(doc.editedAt !== undefined ? { editedAt: doc.editedAt } : {}),
    },
  };
}
