import { createHash } from 'node:crypto';
import { eventId, type WildcatEvent } from '@wildcat/jobs';
import { type GroupDoc, groupResultOf, groupSnapshotOf, type Store } from '@wildcat/store';
import type { GroupEvent, GroupMetadata, WaGroups } from '@wildcat/wa';
import type { Logger } from 'pino';
import type { Publish } from '../events/status-events.js';

export type GroupKeeper = ReturnType<typeof createGroupKeeper>;

/** What a session needs to keep its groups: without a keeper, group notifications are not stored. */
export interface WithGroupKeeper {
  groups?: GroupKeeper;
}

/** A stored group as an engine's cache wants it: the API's fields and the addressing mode. */
export function metadataOf(doc: GroupDoc): GroupMetadata {
  return { ...groupResultOf(doc), ...(doc.addressingMode ? { addressingMode: doc.addressingMode } : {}) };
}

/** Event ids allow no '@': the group's number plus a digest of what changed keeps them stable. */
function groupEventId(
  type: 'group.participants' | 'group.updated',
  accountId: string,
  groupId: string,
  detail: unknown,
  ts: number,
) {
  const digest = createHash('sha256').update(JSON.stringify(detail)).digest('hex').slice(0, 12);
  return eventId(type, accountId, groupId.split('@')[0] ?? groupId, String(ts), digest);
}

/**
 * Keeps the `groups` collection current from an engine's group notifications and publishes
 * `group.participants` / `group.updated`. Handlers of one session run in order, so the
 * read-change-write of a member list never races another change of the same account.
 */
export function createGroupKeeper(deps: { store: Store; publish: Publish; logger: Logger }) {
  const { store, publish } = deps;

  async function event(accountId: string, ownJid: string | undefined, change: GroupEvent): Promise<void> {
    let published: WildcatEvent;
    if (change.type === 'participants') {
      const { groupId, action, participants, by, timestamp } = change;
      if (action === 'remove' && ownJid && participants.includes(ownJid))
        await store.groups.remove(accountId, groupId);
      else await store.groups.applyMembers(accountId, groupId, action, participants);
      const data = { groupId, action, participants, ...(by ? { by } : {}) };
      published = {
        id: groupEventId('group.participants', accountId, groupId, data, timestamp),
        type: 'group.participants',
        accountId,
        timestamp,
        data,
      };
    } else if (change.type === 'updated') {
      const { groupId, changes, by, timestamp } = change;
      await store.groups.applyChanges(accountId, groupId, changes);
      const data = { groupId, changes, ...(by ? { by } : {}) };
      published = {
        id: groupEventId('group.updated', accountId, groupId, data, timestamp),
        type: 'group.updated',
        accountId,
        timestamp,
        data,
      };
    } else {
      // A whole snapshot (created, joined, added): every setting and the member list.
      const { metadata, timestamp } = change;
      await store.groups.save(accountId, groupSnapshotOf(metadata));
      const { id: groupId, participants, ...changes } = metadata;
      const data = {
        groupId,
        changes: {
          subject: changes.subject,
          announce: changes.announce,
          locked: changes.locked,
          ...(changes.description !== undefined ? { description: changes.description } : {}),
        },
        participants,
        ...(changes.owner ? { by: changes.owner } : {}),
      };
      published = {
        id: groupEventId('group.updated', accountId, groupId, data, timestamp),
        type: 'group.updated',
        accountId,
        timestamp,
        data,
      };
    }
    await publish(published);
  }

  return {
    event,

    /** Baileys' cachedGroupMetadata: the stored copy, so a group send does not fetch it again. */
    async cached(accountId: string, groupId: string): Promise<GroupMetadata | undefined> {
      const doc = await store.groups.get(accountId, groupId);
      return doc ? metadataOf(doc) : undefined;
    },

    /** After a connect: every group the account is in, stored; groups it left while away, forgotten. */
    async sync(accountId: string, groups: WaGroups | undefined): Promise<void> {
      if (!groups) return;
      try {
        const all = await groups.participating();
        for (const group of all) await store.groups.save(accountId, groupSnapshotOf(group));
        await store.groups.retainOnly(
          accountId,
          all.map((group) => group.id),
        );
      } catch (error) {
        // The next connect syncs again; group events keep the copy current in between.
        deps.logger.warn({ err: error, accountId }, 'group sync failed');
      }
    },
  };
}
