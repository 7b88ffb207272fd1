/**
 * Groups in the engine port. Both engines (Baileys, sandbox) map WhatsApp's group metadata,
 * actions and notifications into these shapes; the worker stores them and publishes events.
 */

/** A member's role: null for a plain member, 'superadmin' for the group's creator. */
export type GroupAdminRole = 'admin' | 'superadmin' | null;

export interface GroupParticipant {
  jid: string;
  admin: GroupAdminRole;
}

export interface GroupMetadata {
  /** The group JID, e.g. 120363025246125486@g.us */
  id: string;
  subject: string;
  description?: string;
  /** Creator's JID, when WhatsApp tells it. */
  owner?: string;
  /** ms since epoch */
  creation: number;
  /** Only admins may send messages. */
  announce: boolean;
  /** Only admins may edit the subject, description and settings. */
  locked: boolean;
  participants: GroupParticipant[];
  /**
   * How members are addressed in the group's messages (WhatsApp's addressing_mode). A send must
   * use the same sender identity the members know: kept with the stored copy for that reason.
   */
  addressingMode?: 'pn' | 'lid';
}

export type GroupParticipantsAction = 'add' | 'remove' | 'promote' | 'demote';

/** WhatsApp's answer for one participant of an add/remove/promote/demote: 200 ok, 403, 404, 409, … */
export interface GroupParticipantResult {
  jid: string;
  status: number;
}

export interface GroupChanges {
  subject?: string;
  description?: string;
  announce?: boolean;
  locked?: boolean;
}

/**
 * A group notification. `participants` with action 'remove' naming the account itself means it
 * left or was removed: it is no longer in the group. `metadata` is a whole snapshot (created,
 * joined, or fetched after a change the notification did not describe).
 */
export type GroupEvent =
  | {
      type: 'participants';
      groupId: string;
      action: GroupParticipantsAction;
      participants: string[];
      /** Who made the change, when known. */
      by?: string;
      timestamp: number;
    }
  | { type: 'updated'; groupId: string; changes: GroupChanges; by?: string; timestamp: number }
  | { type: 'metadata'; metadata: GroupMetadata; timestamp: number };

/**
 * Group actions of one open session. Refusals by WhatsApp (not an admin, unknown group, bad
 * invite code) throw GroupRefusedError with the HTTP status that fits; a socket that is not
 * open throws NotConnectedError.
 */
export interface WaGroups {
  create(subject: string, participants: readonly string[]): Promise<GroupMetadata>;
  metadata(groupId: string): Promise<GroupMetadata>;
  /** Every group the account is in (sync after a connect). */
  participating(): Promise<GroupMetadata[]>;
  update(groupId: string, changes: GroupChanges): Promise<void>;
  participants(
    groupId: string,
    action: GroupParticipantsAction,
    jids: readonly string[],
  ): Promise<GroupParticipantResult[]>;
  inviteCode(groupId: string): Promise<string>;
  /** Revokes the current invite code; resolves the new one. */
  revokeInvite(groupId: string): Promise<string>;
  /** Joins by invite code; resolves the group JID. */
  join(code: string): Promise<string>;
  leave(groupId: string): Promise<void>;
}
