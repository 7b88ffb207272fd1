import type { Filter, UpdateFilter } from 'mongodb';
import type { AckStatus, MessageDoc, NewMessage } from './messages-repository.js';

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

/** One write as a filter and an update, so a caller can send many in one `bulkWrite`. */
export interface MessageWriteOp {
  filter: Filter<MessageDoc>;
  update: UpdateFilter<MessageDoc>;
}

export const messageKey = (accountId: string, messageId: string): Filter<MessageDoc> => ({
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
