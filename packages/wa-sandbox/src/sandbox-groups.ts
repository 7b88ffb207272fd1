import { randomBytes } from 'node:crypto';
import {
  type GroupChanges,
  type GroupMetadata,
  type GroupParticipantResult,
  type GroupParticipantsAction,
  GroupRefusedError,
  type WaGroups,
} from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { sandboxKeys } from './keys.js';
import { changeGroup } from './sandbox-group-change.js';
import { groupForMember, loadGroup, notify, writeMembers } from './sandbox-group-store.js';

/** The open account acting on groups and the network's connection (throws NotConnectedError when not open). */
export type GroupActor = () => { redis: Redis; jid: string };

/**
 * Groups on the sandbox network, modelled as WhatsApp does: members with roles, announce (only
 * admins send) and locked (only admins edit) settings, invite codes, and a notification to every
 * member for each change, so their workers keep their stored copies current.
 */
export class SandboxGroups implements WaGroups {
  constructor(private readonly actor: GroupActor) {}

  private get redis(): Redis {
    return this.actor().redis;
  }

  async create(subject: string, participants: readonly string[]): Promise<GroupMetadata> {
    const { jid } = this.actor();
    const seq = await this.redis.incr(sandboxKeys.groupSeq);
    const groupId = `120363${String(seq).padStart(12, '0')}@g.us`;
    const creation = Date.now();
    const members = [
      { jid, admin: 'superadmin' as const },
      ...[...new Set(participants)]
        .filter((member) => member !== jid)
        .map((member) => ({ jid: member, admin: null })),
    ];
    const multi = this.redis.multi();
    multi.hset(sandboxKeys.group(groupId), { subject, owner: jid, creation, announce: '0', locked: '0' });
    writeMembers(multi, groupId, members);
    await multi.exec();
    const group = (await loadGroup(this.redis, groupId))!;
    await notify(
      this.redis,
      group.participants.map((member) => member.jid),
      {
        type: 'metadata',
        metadata: group,
        timestamp: creation,
      },
    );
    return group;
  }

  async metadata(groupId: string): Promise<GroupMetadata> {
    return (await groupForMember(this.redis, groupId, this.actor().jid)).group;
  }

  async participating(): Promise<GroupMetadata[]> {
    const { jid } = this.actor();
    const ids = await this.redis.smembers(sandboxKeys.groupsOf(jid));
    const groups = await Promise.all(ids.map((id) => loadGroup(this.redis, id)));
    return groups.filter((group): group is GroupMetadata => group !== undefined);
  }

  async update(groupId: string, changes: GroupChanges): Promise<void> {
    const { jid } = this.actor();
    const fields: Record<string, string> = {};
    if (changes.subject !== undefined) fields.subject = changes.subject;
    if (changes.description !== undefined) fields.description = changes.description;
    if (changes.announce !== undefined) fields.announce = changes.announce ? '1' : '0';
    if (changes.locked !== undefined) fields.locked = changes.locked ? '1' : '0';
    if (Object.keys(fields).length === 0) {
      // Nothing to write: still WhatsApp's answer to a stranger.
      await groupForMember(this.redis, groupId, jid);
      return;
    }
    const { before } = await changeGroup(this.redis, {
      op: 'update',
      actor: jid,
      groupId,
      args: [JSON.stringify(fields)],
    });
    await notify(
      this.redis,
      before.map((member) => member.jid),
      { type: 'updated', groupId, changes, by: jid, timestamp: Date.now() },
    );
  }

  async participants(
    groupId: string,
    action: GroupParticipantsAction,
    jids: readonly string[],
  ): Promise<GroupParticipantResult[]> {
    const { jid } = this.actor();
    const targets = [...new Set(jids)];
    const { before, result } = await changeGroup(this.redis, {
      op: 'participants',
      actor: jid,
      groupId,
      args: [action, ...targets],
    });
    const statuses = result as number[];
    const results = targets.map((target, index) => ({ jid: target, status: statuses[index]! }));
    const changed = results.filter((entry) => entry.status === 200).map((entry) => entry.jid);
    if (changed.length === 0) return results;
    const timestamp = Date.now();
    // Everyone who was in before hears the change (the removed too: they are out now).
    await notify(
      this.redis,
      before.map((member) => member.jid),
      { type: 'participants', groupId, action, participants: changed, by: jid, timestamp },
    );
    if (action === 'add') {
      const after = await loadGroup(this.redis, groupId);
      if (after) await notify(this.redis, changed, { type: 'metadata', metadata: after, timestamp });
    }
    return results;
  }

  async inviteCode(groupId: string): Promise<string> {
    return this.codeChange('invite', groupId);
  }

  async revokeInvite(groupId: string): Promise<string> {
    return this.codeChange('revoke', groupId);
  }

  /** The group's code, made when there is none (invite) or replacing the old one (revoke). */
  private async codeChange(op: 'invite' | 'revoke', groupId: string): Promise<string> {
    const code = randomBytes(16).toString('base64url').slice(0, 22);
    const { result } = await changeGroup(this.redis, {
      op,
      actor: this.actor().jid,
      groupId,
      code,
      args: [code],
    });
    return String(result);
  }

  async join(code: string): Promise<string> {
    const { jid } = this.actor();
    const groupId = await this.redis.get(sandboxKeys.invite(code));
    if (!groupId)
      throw new GroupRefusedError(
        'Invite code not found (it may have been revoked); ask for a new link',
        404,
      );
    const { before, result } = await changeGroup(this.redis, { op: 'join', actor: jid, groupId, code });
    if (result === 'already') return groupId;
    const timestamp = Date.now();
    await notify(
      this.redis,
      before.map((member) => member.jid),
      { type: 'participants', groupId, action: 'add', participants: [jid], by: jid, timestamp },
    );
    const after = await loadGroup(this.redis, groupId);
    if (after) await notify(this.redis, [jid], { type: 'metadata', metadata: after, timestamp });
    return groupId;
  }

  async leave(groupId: string): Promise<void> {
    const { jid } = this.actor();
    const { before } = await changeGroup(this.redis, { op: 'leave', actor: jid, groupId });
    await notify(
      this.redis,
      before.map((member) => member.jid),
      {
        type: 'participants',
        groupId,
        action: 'remove',
        participants: [jid],
        by: jid,
        timestamp: Date.now(),
      },
    );
  }
}
