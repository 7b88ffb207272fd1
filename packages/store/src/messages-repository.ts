import type { Db, Filter } from 'mongodb';
import type { StoredContact, StoredLocation, StoredPoll } from './message-doc-parts.js';
import { messageInsertOp, messageKey, messageStatusOp } from './message-write-ops.js';
import { type MessageTrace, MessageWrites } from './message-writes.js';
import { COLLECTIONS } from './names.js';

export const MESSAGE_TYPES = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'reaction',
  'revoke',
  'location',
  'contact',
  'unknown',
  'voice',
  'poll',
  'unsupported',
  /** An edit this account sent; the edited message itself carries the new text and editedAt. */
  'edit',
  /** This account's own vote on a poll (its send record; the poll's tally counts it). */
  'poll_vote',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Send/ack progress; only ever moves forward (a late 'sent' never overwrites 'read'). */
export const ACK_STATUSES = ['failed', 'queued', 'sent', 'delivered', 'read', 'played'] as const;
export type AckStatus = (typeof ACK_STATUSES)[number] | 'received';

export interface MessageDoc {
  accountId: string;
  messageId: string;
  chatId: string;
  from: string;
  fromMe: boolean;
  /** ms since epoch */
  timestamp: number;
  type: MessageType;
  text?: string;
  caption?: string;
  hasMedia?: boolean;
  mediaId?: string;
  mimetype?: string;
  fileName?: string;
  quotedMessageId?: string;
  pushName?: string;
  /** For reactions: the message reacted to and the emoji ('' removes it). */
  reactionTo?: string;
  emoji?: string;
  /** For revokes: the message deleted for everyone; on the deleted message, when it happened. */
  revokedMessageId?: string;
  deletedAt?: number;
  editedAt?: number;
  /** For edits this account sent: the message edited. */
  editedMessageId?: string;
  /** type location / contact / poll. */
  location?: StoredLocation;
  contacts?: StoredContact[];
  poll?: StoredPoll;
  /** Button, list or template reply: the id of the option the customer picked. */
  selectedId?: string;
  forwarded?: boolean;
  /** Group messages: the author's JID. */
  participant?: string;
  mentions?: string[];
  /** type unsupported: the engine's content as JSON, so nothing the customer sent is lost. */
  raw?: string;
  /** type poll_vote: the poll voted on and the option names picked. */
  pollVote?: { pollMessageId: string; options: string[] };
  status: AckStatus;
  ackRank: number;
  error?: string;
  /** BufferJSON of the engine's message content, for resends (Baileys' getMessage). */
  content?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewMessage = Omit<MessageDoc, 'ackRank' | 'createdAt' | 'updatedAt'>;

export interface MessagePage {
  limit: number;
  skip: number;
  /** Only messages strictly older / newer than these ms timestamps. */
  before?: number;
  after?: number;
}

export type MessagesRepository = ReturnType<typeof createMessagesRepository>;

export function createMessagesRepository(db: Db) {
  const messages = db.collection<MessageDoc>(COLLECTIONS.messages);
  const key = messageKey;
  const newestFirst = async (filter: Filter<MessageDoc>, page: MessagePage) => {
    const [docs, total] = await Promise.all([
      messages
        .find(filter, { projection: { _id: 0, content: 0 } })
        .sort({ timestamp: -1, messageId: -1 })
        .skip(page.skip)
        .limit(page.limit)
        .toArray(),
      messages.countDocuments(filter),
    ]);
    return { messages: docs, total };
  };

  return {
    /** Idempotent on (accountId, messageId): resolves true only for the first insert. */
    async upsert(message: NewMessage): Promise<boolean> {
      const op = messageInsertOp(message);
      const result = await messages.updateOne(op.filter, op.update, { upsert: true });
      return result.upsertedCount === 1;
    },

    get(accountId: string, messageId: string): Promise<MessageDoc | null> {
      return messages.findOne(key(accountId, messageId), { projection: { _id: 0, content: 0 } });
    },

    async getContent(accountId: string, messageId: string): Promise<string | undefined> {
      const doc = await messages.findOne(key(accountId, messageId), { projection: { content: 1 } });
      return doc?.content;
    },

    /** Moves the ack status forward; a status at or below the current one is ignored. */
    async setStatus(
      accountId: string,
      messageId: string,
      status: AckStatus,
      error?: string,
    ): Promise<boolean> {
      const op = messageStatusOp(accountId, messageId, status, error);
      const result = await messages.updateOne(op.filter, op.update);
      return result.modifiedCount === 1;
    },

    async patch(
      accountId: string,
      messageId: string,
      fields: Partial<
        Pick<
          MessageDoc,
          'text' | 'caption' | 'deletedAt' | 'editedAt' | 'mediaId' | 'hasMedia' | 'content' | 'poll'
        >
      >,
    ): Promise<boolean> {
      const result = await messages.updateOne(key(accountId, messageId), {
        $set: { ...fields, updatedAt: new Date() },
      });
      return result.matchedCount === 1;
    },

    /**
     * Inbound messages of a chat to send read receipts for: the listed ones, or those still unread
     * (`received`), oldest first. Reactions and revokes get no receipts, as in WhatsApp.
     */
    async inboundToRead(
      accountId: string,
      chatId: string,
      options: { messageIds?: string[]; limit: number },
    ): Promise<{ id: string; from: string }[]> {
      const filter: Filter<MessageDoc> = {
        accountId: { $eq: accountId },
        chatId: { $eq: chatId },
        fromMe: { $eq: false },
        type: { $nin: ['reaction', 'revoke'] },
        ...(options.messageIds
          ? { messageId: { $in: options.messageIds } }
          : { status: { $eq: 'received' } }),
      };
      const docs = await messages
        .find(filter, { projection: { _id: 0, messageId: 1, from: 1 } })
        .sort({ timestamp: 1 })
        .limit(options.limit)
        .toArray();
      return docs.map((doc) => ({ id: doc.messageId, from: doc.from }));
    },

    /** Newest first. */
    listByChat(accountId: string, chatId: string, page: MessagePage): Promise<MessageDoc[]> {
      const filter: Filter<MessageDoc> = { accountId: { $eq: accountId }, chatId: { $eq: chatId } };
      if (page.before !== undefined || page.after !== undefined) {
        filter.timestamp = {
          ...(page.before !== undefined ? { $lt: page.before } : {}),
          ...(page.after !== undefined ? { $gt: page.after } : {}),
        };
      }
      return messages
        .find(filter, { projection: { _id: 0, content: 0 } })
        .sort({ timestamp: -1, messageId: -1 })
        .skip(page.skip)
        .limit(page.limit)
        .toArray();
    },

    /** Newest first across chats, with the total for pagination. */
    listByAccount(accountId: string, page: MessagePage): Promise<{ messages: MessageDoc[]; total: number }> {
      return newestFirst({ accountId: { $eq: accountId } }, page);
    },

    /** Newest first across every account (the original server's `GET /messages` without an account). */
    listAll(page: MessagePage): Promise<{ messages: MessageDoc[]; total: number }> {
      return newestFirst({}, page);
    },

    /**
     * A writer whose `upsert` and `setStatus` answer as this repository's do, but batch the
     * writes made meanwhile into one round trip (see MessageWrites). One per worker; `trace`
     * logs each batch's message ids and outcomes (debug).
     */
    batchedWrites(trace?: MessageTrace): MessageWrites {
      return new MessageWrites(messages, trace);
    },

    async deleteByAccount(accountId: string): Promise<number> {
      return (await messages.deleteMany({ accountId: { $eq: accountId } })).deletedCount;
    },
  };
}
