import type { Db } from 'mongodb';
import { COLLECTIONS } from './names.js';

/** The indexes of DESIGN.md; createIndexes is idempotent, so every process runs it at start. */
export async function ensureIndexes(db: Db): Promise<void> {
  await Promise.all([
    db.collection(COLLECTIONS.accounts).createIndex({ desiredState: 1 }, { name: 'desiredState' }),
    // The fleet's accounts table (accounts-search.ts): sorted pages and prefix search.
    db.collection(COLLECTIONS.accounts).createIndex({ createdAt: 1, _id: 1 }, { name: 'created' }),
    db.collection(COLLECTIONS.accounts).createIndex({ name: 1, _id: 1 }, { name: 'name' }),
    db.collection(COLLECTIONS.accounts).createIndex({ jid: 1 }, { name: 'jid', sparse: true }),
    // The same pages filtered by the live status bucket the session workers mirror (live.status).
    db
      .collection(COLLECTIONS.accounts)
      .createIndex({ 'live.status': 1, createdAt: 1, _id: 1 }, { name: 'status_created' }),
    db
      .collection(COLLECTIONS.accounts)
      .createIndex({ 'live.status': 1, name: 1, _id: 1 }, { name: 'status_name' }),
    db.collection(COLLECTIONS.accounts).createIndex({ 'live.status': 1, _id: 1 }, { name: 'status_id' }),
    db
      .collection(COLLECTIONS.messages)
      .createIndex({ accountId: 1, messageId: 1 }, { unique: true, name: 'account_message_unique' }),
    db
      .collection(COLLECTIONS.messages)
      .createIndex({ accountId: 1, chatId: 1, timestamp: -1 }, { name: 'account_chat_time' }),
    db
      .collection(COLLECTIONS.messages)
      .createIndex({ accountId: 1, timestamp: -1 }, { name: 'account_time' }),
    db
      .collection(COLLECTIONS.chats)
      .createIndex({ accountId: 1, chatId: 1 }, { unique: true, name: 'account_chat_unique' }),
    db
      .collection(COLLECTIONS.chats)
      .createIndex({ accountId: 1, lastMessageTime: -1 }, { name: 'account_last_message' }),
    db
      .collection(COLLECTIONS.webhooks)
      .createIndex({ accountId: 1, url: 1 }, { unique: true, name: 'account_url_unique' }),
    db
      .collection(COLLECTIONS.deliveries)
      .createIndex({ webhookId: 1, createdAt: -1 }, { name: 'webhook_time' }),
    db.collection(COLLECTIONS.deliveries).createIndex({ deadLettered: 1 }, { name: 'dead_letters' }),
    db
      .collection(COLLECTIONS.groups)
      .createIndex({ accountId: 1, groupId: 1 }, { unique: true, name: 'account_group_unique' }),
    db
      .collection(COLLECTIONS.groups)
      .createIndex({ accountId: 1, subject: 1, groupId: 1 }, { name: 'account_subject' }),
    db
      .collection(COLLECTIONS.contacts)
      .createIndex({ accountId: 1, jid: 1 }, { unique: true, name: 'account_contact_unique' }),
    db
      .collection(COLLECTIONS.pollVotes)
      .createIndex({ accountId: 1, pollMessageId: 1, voter: 1 }, { unique: true, name: 'poll_voter_unique' }),
    db.collection(COLLECTIONS.apiKeys).createIndex({ hash: 1 }, { unique: true, name: 'hash_unique' }),
    db
      .collection('media.files')
      .createIndex({ 'metadata.accountId': 1, 'metadata.messageId': 1 }, { name: 'account_message' }),
    // GridFS's own indexes, under the driver's default names: made here, the first upload finds
    // them instead of creating them in the background while it (or a later request) runs.
    db.collection('media.files').createIndex({ filename: 1, uploadDate: 1 }),
    db.collection('media.chunks').createIndex({ files_id: 1, n: 1 }, { unique: true }),
  ]);
}
