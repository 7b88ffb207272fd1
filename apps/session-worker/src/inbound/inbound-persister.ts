import { eventId } from '@wildcat/jobs';
import type { MediaInfo, MessageWriter, NewMessage, Store } from '@wildcat/store';
import type { InboundMessage, Receipt } from '@wildcat/wa';
import type { Logger } from 'pino';
import { MessageNotStoredError } from '../errors/message-not-stored-error.js';
import type { Publish } from '../events/status-events.js';
import { applyEdit, applyRevoke } from './inbound-changes.js';
import { baseFields, type ContentMessage, contentFields, hasMedia, storedTypeOf } from './inbound-doc.js';
import { messageEvent } from './message-event.js';
import { PendingChanges } from './pending-changes.js';
import { recordPollVote } from './poll-votes.js';

export interface InboundPersisterDeps {
  store: Store;
  publish: Publish;
  logger: Logger;
  /** Batched message writes (one round trip for many receipts); the repository when omitted. */
  messageWrites?: MessageWriter;
  /** Debug log of each message id through the persister (given when debug logging is on). */
  trace?: Logger;
}

export type InboundPersister = ReturnType<typeof createInboundPersister>;

/**
 * Stores what an engine receives, then publishes one event per change. Every step is idempotent
 * on the WhatsApp message id, so a message the engine re-delivers after a crash changes nothing
 * and re-publishes the same event id (which the events queue drops).
 */
export function createInboundPersister({
  store,
  publish,
  logger,
  messageWrites,
  trace,
}: InboundPersisterDeps) {
  const writes = messageWrites ?? store.messages;
  const pending = new PendingChanges();
  const changes = { store, writes, publish, logger, pending };
  const base = baseFields;

  async function reaction(accountId: string, message: Extract<InboundMessage, { type: 'reaction' }>) {
    await writes.upsert({
      ...base(accountId, message),
      type: 'reaction',
      reactionTo: message.targetId,
      emoji: message.emoji,
    });
    await publish({
      id: eventId('message.reaction', accountId, message.id),
      type: 'message.reaction',
      accountId,
      timestamp: message.timestamp,
      data: {
        messageId: message.targetId,
        reactionId: message.id,
        emoji: message.emoji,
        chatId: message.chatId,
        from: message.from,
        fromMe: message.fromMe,
        timestamp: message.timestamp,
      },
    });
  }

  async function content(accountId: string, message: ContentMessage) {
    // Media is fetched only once: a re-delivered media message finds its stored copy first.
    if (hasMedia(message)) {
      const existing = await store.messages.get(accountId, message.id);
      if (existing) return void (await publish(messageEvent(existing)));
    }
    let media: MediaInfo | undefined;
    if (hasMedia(message)) {
      media = await store.media.upload(await message.media.open(), {
        accountId,
        messageId: message.id,
        mimetype: message.media.mimetype,
        ...(message.media.fileName ? { fileName: message.media.fileName } : {}),
      });
    }
    const fields: NewMessage = {
      ...base(accountId, message),
      type: storedTypeOf(message),
      hasMedia: media !== undefined,
      ...contentFields(message),
      ...(media ? { mediaId: media.mediaId, mimetype: media.mimetype } : {}),
      ...(media?.fileName ? { fileName: media.fileName } : {}),
    };
    const doc = PendingChanges.fold(fields, pending.take(accountId, message.id, message.from));
    if (!(await writes.upsert(doc))) {
      // Stored before (a re-delivery, or a concurrent one): keep that copy and publish it again.
      if (media) await store.media.remove(media.mediaId);
      const existing = await store.messages.get(accountId, message.id);
      trace?.debug({ accountId, messageId: message.id, found: !!existing }, 'persister: stored before');
      // Never acknowledge a message that is stored nowhere: fail, so it is handed over again.
      if (!existing) throw new MessageNotStoredError(accountId, message.id);
      await publish(messageEvent(existing));
      return;
    }
    trace?.debug({ accountId, messageId: message.id }, 'persister: inserted');
    await store.chats.touch({
      accountId,
      chatId: message.chatId,
      messageTime: message.timestamp,
      unread: !message.fromMe,
      ...(!message.fromMe && message.pushName && message.chatId === message.from
        ? { name: message.pushName }
        : {}),
    });
    await publish(
      messageEvent(doc as Parameters<typeof messageEvent>[0], await quotedTextOf(accountId, message)),
    );
  }

  /** What the reply quotes: as the engine received it, else as we stored the quoted message. */
  async function quotedTextOf(accountId: string, message: ContentMessage): Promise<string | undefined> {
    if (!message.quotedMessageId) return undefined;
    if (message.quotedText !== undefined) return message.quotedText;
    const quoted = await store.messages.get(accountId, message.quotedMessageId);
    return quoted?.text ?? quoted?.caption;
  }

  return {
    async message(accountId: string, message: InboundMessage): Promise<void> {
      trace?.debug({ accountId, messageId: message.id, type: message.type }, 'persister: received');
      if (message.type === 'reaction') return reaction(accountId, message);
      if (message.type === 'revoke') return applyRevoke(changes, accountId, message);
      if (message.type === 'edit') return applyEdit(changes, accountId, message);
      if (message.type === 'poll-vote')
        return recordPollVote(
          { store, publish },
          {
            accountId,
            chatId: message.chatId,
            pollMessageId: message.pollMessageId,
            voteId: message.id,
            voter: message.from,
            options: message.selectedOptions,
            timestamp: message.timestamp,
          },
        );
      return content(accountId, message);
    },

    async receipt(accountId: string, receipt: Receipt): Promise<void> {
      const moved = await writes.setStatus(accountId, receipt.messageId, receipt.status);
      trace?.debug(
        { accountId, messageId: receipt.messageId, status: receipt.status, moved },
        'persister: receipt',
      );
      if (!moved) return;
      await publish({
        id: eventId('message.ack', accountId, receipt.messageId, receipt.status),
        type: 'message.ack',
        accountId,
        timestamp: receipt.timestamp,
        data: {
          messageId: receipt.messageId,
          chatId: receipt.chatId,
          from: receipt.from,
          status: receipt.status,
          timestamp: receipt.timestamp,
        },
      });
    },
  };
}
