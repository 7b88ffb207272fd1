import type { Db, Filter, UpdateFilter } from 'mongodb';
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
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Send/ack progress; only ever moves forward (a late 'sent' never overwrites 'read'). */
export const ACK_STATUSES = ['failed', 'queued', 'sent', 'delivered', 'read', 'played'] as const;
export type AckStatus = (typeof ACK_STATUSES)[number] | 'received';

// A failed send ranks above queued (so it shows) and below sent (so a successful retry wins).
const ACK_RANK: Record<AckStatus, number> = {
  received: 0,
  queued: 1,
  failed: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  played: 6,
};

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

/** One write as a filter and an update, so a caller can send many in one `bulkWrite`. */
export interface MessageWriteOp {
  filter: Filter<MessageDoc>;
  update: UpdateFilter<MessageDoc>;
}

const messageKey = (accountId: string, messageId: string): Filter<MessageDoc> => ({
  accountId: { $eq: accountId },
  messageId: { $eq: messageId },
});

/** The insert-once write of `upsert` (run it with `upsert: true`); it inserted iff it upserted. */
export function messageInsertOp(message: NewMessage, now = new Date()): MessageWriteOp {
  const { status, ...rest } = message;
  return {
    filter: messageKey(message.accountId, message.messageId),
    update: { $setOnInsert: { ...rest, status, ackRank: ACK_RANK[status], createdAt: now, updatedAt: now } },
  };
}

/** The forward-only write of `setStatus`; it moved the status iff it modified the document. */
export function messageStatusOp(
  accountId: string,
  messageId: string,
  status: AckStatus,
  error?: string,
  now = new Date(),
): MessageWriteOp {
  const rank = ACK_RANK[status];
  return {
    filter: { ...messageKey(accountId, messageId), ackRank: { $lt: rank } },
    update: { $set: { status, ackRank: rank, updatedAt: now, ...(error ? { error } : {}) } },
  };
}

export function createMessagesRepository(db: Db) {
  const messages = db.collection<MessageDoc>(COLLECTIONS.messages);
  const key = messageKey;

  return {
    collection: messages,

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
        Pick<MessageDoc, 'text' | 'caption' | 'deletedAt' | 'editedAt' | 'mediaId' | 'hasMedia' | 'content'>
      >,
    ): Promise<boolean> {
      const result = await messages.updateOne(key(accountId, messageId), {
        $set: { ...fields, updatedAt: new Date() },
      });
      return result.matchedCount === 1;
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
    async listByAccount(
      accountId: string,
      page: MessagePage,
    ): Promise<{ messages: MessageDoc[]; total: number }> {
      const filter: Filter<MessageDoc> = { accountId: { $eq: accountId } };
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
    },

    async deleteByAccount(accountId: string): Promise<number> {
      return (await messages.deleteMany({ accountId: { $eq: accountId } })).deletedCount;
    },
  };
}
