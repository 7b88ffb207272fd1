import type { Db } from 'mongodb';
import { COLLECTIONS } from './names.js';

export type GroupRole = 'admin' | 'superadmin' | null;

export interface GroupMember {
  jid: string;
  admin: GroupRole;
}

/** A group an account is in, as the worker last learned it from WhatsApp. */
export interface GroupDoc {
  accountId: string;
  groupId: string;
  subject: string;
  description?: string;
  owner?: string;
  /** ms since epoch */
  creation: number;
  announce: boolean;
  locked: boolean;
  participants: GroupMember[];
  /** WhatsApp's addressing_mode of the group ('pn' | 'lid'), which a send must follow. */
  addressingMode?: 'pn' | 'lid';
  updatedAt: Date;
}

export type GroupSnapshot = Omit<GroupDoc, 'accountId' | 'updatedAt'>;

export interface GroupChangesDoc {
  subject?: string;
  description?: string;
  announce?: boolean;
  locked?: boolean;
}

export type MemberChange = 'add' | 'remove' | 'promote' | 'demote';

export type GroupsRepository = ReturnType<typeof createGroupsRepository>;

/** One role change applied to a member list (add keeps an existing member as they are). */
export function applyMemberChange(
  members: readonly GroupMember[],
  change: MemberChange,
  jids: readonly string[],
): GroupMember[] {
  const named = new Set(jids);
  if (change === 'remove') return members.filter((member) => !named.has(member.jid));
  if (change === 'add') {
    const present = new Set(members.map((member) => member.jid));
    return [...members, ...jids.filter((jid) => !present.has(jid)).map((jid) => ({ jid, admin: null }))];
  }
  // A superadmin stays one: WhatsApp does not demote a group's creator.
  return members.map((member) =>
    named.has(member.jid) && member.admin !== 'superadmin'
      ? { jid: member.jid, admin: change === 'promote' ? 'admin' : null }
      : member,
  );
}

export function createGroupsRepository(db: Db) {
  const groups = db.collection<GroupDoc>(COLLECTIONS.groups);
  const key = (accountId: string, groupId: string) => ({
    accountId: { $eq: accountId },
    groupId: { $eq: groupId },
  });

  return {
    /** Stores a whole snapshot of a group (created, joined, fetched). */
    async save(accountId: string, snapshot: GroupSnapshot): Promise<void> {
      const { description, owner, ...rest } = snapshot;
      await groups.updateOne(
        key(accountId, snapshot.groupId),
        {
          $set: {
            ...rest,
            accountId,
            updatedAt: new Date(),
            ...(description !== undefined ? { description } : {}),
            ...(owner !== undefined ? { owner } : {}),
          },
          ...(description === undefined ? { $unset: { description: '' } } : {}),
        },
        { upsert: true },
      );
    },

    /** Applies settings changes to a stored group; false when the group is not stored. */
    async applyChanges(accountId: string, groupId: string, changes: GroupChangesDoc): Promise<boolean> {
      const set: Partial<GroupDoc> = { updatedAt: new Date() };
      if (changes.subject !== undefined) set.subject = changes.subject;
      if (changes.description !== undefined) set.description = changes.description;
      if (changes.announce !== undefined) set.announce = changes.announce;
      if (changes.locked !== undefined) set.locked = changes.locked;
      return (await groups.updateOne(key(accountId, groupId), { $set: set })).matchedCount === 1;
    },

    /**
     * Applies a member change to a stored group (read, change, write: one worker owns the
     * account, and its handlers run in order). False when the group is not stored.
     */
    async applyMembers(
      accountId: string,
      groupId: string,
      change: MemberChange,
      jids: readonly string[],
    ): Promise<boolean> {
      const doc = await groups.findOne(key(accountId, groupId), { projection: { participants: 1 } });
      if (!doc) return false;
      const participants = applyMemberChange(doc.participants, change, jids);
      await groups.updateOne(key(accountId, groupId), { $set: { participants, updatedAt: new Date() } });
      return true;
    },

    get(accountId: string, groupId: string): Promise<GroupDoc | null> {
      return groups.findOne(key(accountId, groupId), { projection: { _id: 0 } });
    },

    /** By subject, then id. */
    list(accountId: string, page: { limit: number; skip: number }): Promise<GroupDoc[]> {
      return groups
        .find({ accountId: { $eq: accountId } }, { projection: { _id: 0 } })
        .sort({ subject: 1, groupId: 1 })
        .skip(page.skip)
        .limit(page.limit)
        .toArray();
    },

    /** The account left or was removed. */
    async remove(accountId: string, groupId: string): Promise<boolean> {
      return (await groups.deleteOne(key(accountId, groupId))).deletedCount === 1;
    },

    /** After a full fetch: forgets the groups the account is no longer in. */
    async retainOnly(accountId: string, groupIds: readonly string[]): Promise<number> {
      const gone = await groups.deleteMany({
        accountId: { $eq: accountId },
        groupId: { $nin: [...groupIds] },
      });
      return gone.deletedCount;
    },

    async deleteByAccount(accountId: string): Promise<number> {
      return (await groups.deleteMany({ accountId: { $eq: accountId } })).deletedCount;
    },
  };
}
