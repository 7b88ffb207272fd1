import type { GroupMember, GroupSnapshot } from './groups-repository.js';

/**
 * A group as the API shows it (the gateway's reads and the worker's answers alike). Everything
 * that turns a group into this shape, or back, goes through the two functions below, so a new
 * field is added in one place.
 */
export interface GroupResultView {
  id: string;
  subject: string;
  description?: string;
  owner?: string;
  /** ms since epoch */
  creation: number;
  announce: boolean;
  locked: boolean;
  participants: GroupMember[];
}

/** A group as an engine reports it: the API's fields plus how a send addresses its members. */
export type GroupWithAddressing = GroupResultView & { addressingMode?: 'pn' | 'lid' };

/** A stored group (or a snapshot about to be stored) as the API shows it. */
export function groupResultOf(doc: GroupSnapshot): GroupResultView {
  return {
    id: doc.groupId,
    subject: doc.subject,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    ...(doc.owner ? { owner: doc.owner } : {}),
    creation: doc.creation,
    announce: doc.announce,
    locked: doc.locked,
    // Only the two fields the API names: an engine's member objects may carry more.
    participants: doc.participants.map((member) => ({ jid: member.jid, admin: member.admin })),
  };
}

/** What the store keeps of a group an engine reported (created, joined, fetched, notified). */
export function groupSnapshotOf(group: GroupWithAddressing): GroupSnapshot {
  const { id, addressingMode, ...shown } = group;
  const view = groupResultOf({ ...shown, groupId: id });
  const { id: _id, ...fields } = view;
  return { groupId: id, ...fields, ...(addressingMode ? { addressingMode } : {}) };
}
