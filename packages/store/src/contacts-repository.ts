import type { Db } from 'mongodb';
import { COLLECTIONS } from './names.js';

/** A contact's names as the account's phone synced them (address book, business verification). */
export interface ContactDoc {
  accountId: string;
  /** Phone JID */
  jid: string;
  /** The name the account's owner saved the contact under. */
  name?: string;
  /** A business's verified name. */
  verifiedName?: string;
  updatedAt: Date;
}

export interface ContactNamesInput {
  jid: string;
  name?: string;
  verifiedName?: string;
}

export type ContactsRepository = ReturnType<typeof createContactsRepository>;

/**
 * The `contacts` collection: one document per (account, contact) that the phone named. Kept apart
 * from chats, so a synced address book of thousands adds no empty chats; notify (the push name)
 * stays on the chat, where each message refreshes it.
 */
export function createContactsRepository(db: Db) {
  const contacts = db.collection<ContactDoc>(COLLECTIONS.contacts);

  return {
    /** Upserts the names given; a name absent from an entry keeps what is stored. */
    async saveNames(accountId: string, entries: readonly ContactNamesInput[]): Promise<void> {
      const writes = entries
        .filter((entry) => entry.name !== undefined || entry.verifiedName !== undefined)
        .map((entry) => ({
          updateOne: {
            filter: { accountId: { $eq: accountId }, jid: { $eq: entry.jid } },
            update: {
              $set: {
                updatedAt: new Date(),
                ...(entry.name !== undefined ? { name: entry.name } : {}),
                ...(entry.verifiedName !== undefined ? { verifiedName: entry.verifiedName } : {}),
              },
              $setOnInsert: { accountId, jid: entry.jid },
            },
            upsert: true,
          },
        }));
      if (writes.length > 0) await contacts.bulkWrite(writes, { ordered: false });
    },

    get(accountId: string, jid: string): Promise<ContactDoc | null> {
      return contacts.findOne(
        { accountId: { $eq: accountId }, jid: { $eq: jid } },
        { projection: { _id: 0 } },
      );
    },

    async deleteByAccount(accountId: string): Promise<number> {
      return (await contacts.deleteMany({ accountId: { $eq: accountId } })).deletedCount;
    },
  };
}
