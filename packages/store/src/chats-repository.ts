import type { Db } from 'mongodb';
import { COLLECTIONS } from './names.js';

export interface ChatDoc {
  accountId: string;
  chatId: string;
  name?: string;
  unreadCount: number;
  /** ms since epoch of the newest message */
  lastMessageTime: number;
  updatedAt: Date;
}

export interface ChatTouch {
  accountId: string;
  chatId: string;
  name?: string;
  /** ms timestamp of a new message; lastMessageTime only ever moves forward. */
  messageTime: number;
  /** true for an inbound message that the user has not read. */
  unread: boolean;
}

export type ChatsRepository = ReturnType<typeof createChatsRepository>;

export function createChatsRepository(db: Db) {
  const chats = db.collection<ChatDoc>(COLLECTIONS.chats);
  const key = (accountId: string, chatId: string) => ({
    accountId: { $eq: accountId },
    chatId: { $eq: chatId },
  });

  return {
    /** Records a message in a chat: creates the chat, bumps unread, advances lastMessageTime. */
    async touch(touch: ChatTouch): Promise<void> {
      await chats.updateOne(
        key(touch.accountId, touch.chatId),
        {
          $setOnInsert: { accountId: touch.accountId, chatId: touch.chatId },
          $max: { lastMessageTime: touch.messageTime },
          $inc: { unreadCount: touch.unread ? 1 : 0 },
          $set: { updatedAt: new Date(), ...(touch.name ? { name: touch.name } : {}) },
        },
        { upsert: true },
      );
    },

    async setName(accountId: string, chatId: string, name: string): Promise<void> {
      await chats.updateOne(key(accountId, chatId), { $set: { name, updatedAt: new Date() } });
    },

    async markRead(accountId: string, chatId: string): Promise<void> {
      await chats.updateOne(key(accountId, chatId), { $set: { unreadCount: 0, updatedAt: new Date() } });
    },

    get(accountId: string, chatId: string): Promise<ChatDoc | null> {
      return chats.findOne(key(accountId, chatId), { projection: { _id: 0 } });
    },

    /** Newest activity first. */
    list(accountId: string, page: { limit: number; skip: number }): Promise<ChatDoc[]> {
      return chats
        .find({ accountId: { $eq: accountId } }, { projection: { _id: 0 } })
        .sort({ lastMessageTime: -1, chatId: 1 })
        .skip(page.skip)
        .limit(page.limit)
        .toArray();
    },

    async deleteByAccount(accountId: string): Promise<number> {
      return (await chats.deleteMany({ accountId: { $eq: accountId } })).deletedCount;
    },
  };
}
