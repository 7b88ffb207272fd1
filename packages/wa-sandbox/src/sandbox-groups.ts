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
import {
  dropMembers,
  groupForMember,
  loadGroup,
  notify,
  requireAdmin,
  writeMembers,
} from './sandbox-group-store.js';

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
    const { group, role } = await groupForMember(this.redis, groupId, jid);
    if (changes.announce !== undefined || changes.locked !== undefined)
      requireAdmin(role, 'change group settings');
    if (group.locked) requireAdmin(role, 'edit this group (it is locked)');
    const fields: Record<string, string> = {};
    if (changes.subject !== undefined) fields.subject = changes.subject;
    if (changes.description !== undefined) fields.description = changes.description;
    if (changes.announce !== undefined) fields.announce = changes.announce ? '1' : '0';
    if (changes.locked !== undefined) fields.locked = changes.locked ? '1' : '0';
    if (Object.keys(fields).length === 0) return;
    await this.redis.hset(sandboxKeys.group(groupId), fields);
    await notify(
      this.redis,
      group.participants.map((member) => member.jid),
      {
        type: 'updated',
        groupId,
        changes,
        by: jid,
        timestamp: Date.now(),
      },
    );
  }

  async participants(
    groupId: string,
    action: GroupParticipantsAction,
    jids: readonly string[],
  ): Promise<GroupParticipantResult[]> {
    const { jid } = this.actor();
    const { group, role } = await groupForMember(this.redis, groupId, jid);
    requireAdmin(role, 'add, remove, promote or demote participants');
    const present = new Map(group.participants.map((member) => [member.jid, member.admin]));
    const results: GroupParticipantResult[] = [];
    const changed: string[] = [];
    for (const target of [...new Set(jids)]) {
      const isMember = present.has(target);
      // 409: already in (add); 404: not in the group (remove, promote, demote); 403: the creator.
      let status = 200;
      if (action === 'add' && isMember) status = 409;
      else if (action !== 'add' && !isMember) status = 404;
      else if (action !== 'add' && present.get(target) === 'superadmin' && target !== jid) status = 403;
      results.push({ jid: target, status });
      if (status === 200) changed.push(target);
    }
    if (changed.length === 0) return results;
    const multi = this.redis.multi();
    if (action === 'remove') dropMembers(multi, groupId, changed);
    else
      writeMembers(
        multi,
        groupId,
        changed.map((member) => ({
          jid: member,
          admin:
            action === 'promote'
              ? ('admin' as const)
              : action === 'demote' && present.get(member) === 'superadmin'
                ? ('superadmin' as const)
                : null,
        })),
      );
    await multi.exec();
    const timestamp = Date.now();
    const event = {
      type: 'participants' as const,
      groupId,
      action,
      participants: changed,
      by: jid,
      timestamp,
    };
    // Everyone who was in before hears the change (the removed too: they are out now).
    await notify(
      this.redis,
      group.participants.map((member) => member.jid),
      event,
    );
    if (action === 'add') {
      const after = (await loadGroup(this.redis, groupId))!;
      await notify(this.redis, changed, { type: 'metadata', metadata: after, timestamp });
    }
    return results;
  }

  async inviteCode(groupId: string): Promise<string> {
    const { group, role } = await groupForMember(this.redis, groupId, this.actor().jid);
    requireAdmin(role, 'see the invite link');
    const existing = await this.redis.hget(sandboxKeys.group(groupId), 'invite');
    if (existing) return existing;
    return this.newCode(group.id);
  }

  async revokeInvite(groupId: string): Promise<string> {
    const { role } = await groupForMember(this.redis, groupId, this.actor().jid);
    requireAdmin(role, 'revoke the invite link');
    const old = await this.redis.hget(sandboxKeys.group(groupId), 'invite');
    if (old) await this.redis.del(sandboxKeys.invite(old));
    return this.newCode(groupId);
  }

  private async newCode(groupId: string): Promise<string> {
    const code = randomBytes(16).toString('base64url').slice(0, 22);
    await this.redis
      .multi()
      .set(sandboxKeys.invite(code), groupId)
      .hset(sandboxKeys.group(groupId), 'invite', code)
      .exec();
    return code;
  }

  async join(code: string): Promise<string> {
    const { jid } = this.actor();
    const groupId = await this.redis.get(sandboxKeys.invite(code));
    const group = groupId ? await loadGroup(this.redis, groupId) : undefined;
    if (!groupId || !group)
      throw new GroupRefusedError(
        'Invite code not found (it may have been revoked); ask for a new link',
        404,
      );
    if (group.participants.some((member) => member.jid === jid)) return groupId;
    const multi = this.redis.multi();
    writeMembers(multi, groupId, [{ jid, admin: null }]);
    await multi.exec();
    const timestamp = Date.now();
    await notify(
      this.redis,
      group.participants.map((member) => member.jid),
      {
        type: 'participants',
        groupId,
        action: 'add',
        participants: [jid],
        by: jid,
        timestamp,
      },
    );
    await notify(this.redis, [jid], {
      type: 'metadata',
      metadata: (await loadGroup(this.redis, groupId))!,
      timestamp,
    });
    return groupId;
  }

  async leave(groupId: string): Promise<void> {
    const { jid } = this.actor();
    const { group } = await groupForMember(this.redis, groupId, jid);
    const multi = this.redis.multi();
    dropMembers(multi, groupId, [jid]);
    await multi.exec();
    await notify(
      this.redis,
      group.participants.map((member) => member.jid),
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
