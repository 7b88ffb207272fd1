import { type GroupAdminRole, type GroupEvent, type GroupMetadata, GroupRefusedError } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { resolveAccount } from './deliver.js';
import { INBOX_NOTICE, type InboxFrame } from './frames.js';
import { sandboxKeys } from './keys.js';

/** Roles as the members hash stores them. */
type StoredRole = 'member' | 'admin' | 'superadmin';

export function roleOf(stored: string | null | undefined): GroupAdminRole {
  return stored === 'admin' || stored === 'superadmin' ? stored : null;
}

export function storedRole(role: GroupAdminRole): StoredRole {
  return role ?? 'member';
}

/** A group as the network keeps it; undefined when it does not exist. */
export async function loadGroup(redis: Redis, groupId: string): Promise<GroupMetadata | undefined> {
  const [group, members] = await Promise.all([
    redis.hgetall(sandboxKeys.group(groupId)),
    redis.hgetall(sandboxKeys.members(groupId)),
  ]);
  if (!group.subject) return undefined;
  return {
    id: groupId,
    subject: group.subject,
    ...(group.description ? { description: group.description } : {}),
    ...(group.owner ? { owner: group.owner } : {}),
    creation: Number(group.creation),
    announce: group.announce === '1',
    locked: group.locked === '1',
    participants: Object.entries(members)
      .map(([jid, role]) => ({ jid, admin: roleOf(role) }))
      .sort((a, b) => a.jid.localeCompare(b.jid)),
  };
}

/**
 * The group and the caller's role in it: 404 when there is no such group, 403 when the caller
 * is not a member (WhatsApp tells a non-member nothing about a group).
 */
export async function groupForMember(
  redis: Redis,
  groupId: string,
  jid: string,
): Promise<{ group: GroupMetadata; role: GroupAdminRole }> {
  const group = await loadGroup(redis, groupId);
  if (!group) throw new GroupRefusedError(`Group ${groupId} not found`, 404);
  const me = group.participants.find((member) => member.jid === jid);
  if (!me) throw new GroupRefusedError(`This account is not a member of group ${groupId}`, 403);
  return { group, role: me.admin };
}

/** Adds (or re-roles) members, keeping the per-JID group index current. */
export function writeMembers(
  multi: ReturnType<Redis['multi']>,
  groupId: string,
  members: readonly { jid: string; admin: GroupAdminRole }[],
): void {
  for (const member of members) {
    multi.hset(sandboxKeys.members(groupId), member.jid, storedRole(member.admin));
    multi.sadd(sandboxKeys.groupsOf(member.jid), groupId);
  }
}

/** Queues a group notification in the inbox of every sandbox account among `jids`. */
export async function notify(redis: Redis, jids: readonly string[], event: GroupEvent): Promise<void> {
  const accounts = await Promise.all([...new Set(jids)].map((jid) => resolveAccount(redis, jid)));
  const frame: InboxFrame = { k: 'group', event };
  const raw = JSON.stringify(frame);
  const multi = redis.multi();
  for (const account of new Set(accounts)) {
    if (!account) continue;
    multi.rpush(sandboxKeys.inbox(account), raw);
    multi.publish(sandboxKeys.channel(account), INBOX_NOTICE);
  }
  await multi.exec();
}
