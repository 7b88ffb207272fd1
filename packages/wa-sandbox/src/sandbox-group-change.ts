import { defineScripts, luaScript } from '@wildcat/redis-bus/scripts';
import { type GroupAdminRole, GroupRefusedError } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { sandboxKeys } from './keys.js';
import { roleOf } from './sandbox-group-store.js';

const GROUP_CHANGE = luaScript(new URL('./sandbox-group-change.lua', import.meta.url), 3);

export type GroupChangeOp = 'update' | 'participants' | 'invite' | 'revoke' | 'join' | 'leave';

/** What an admin-only change is called in its refusal. */
const ADMIN_WORK: Record<GroupChangeOp, string> = {
  update: 'change group settings',
  participants: 'add, remove, promote or demote participants',
  invite: 'see the invite link',
  revoke: 'revoke the invite link',
  join: 'join',
  leave: 'leave',
};

function refusal(reason: string, op: GroupChangeOp, groupId: string): GroupRefusedError {
  switch (reason) {
    case 'no-group':
      return new GroupRefusedError(`Group ${groupId} not found`, 404);
    case 'not-member':
      // WhatsApp tells a non-member nothing about a group.
      return new GroupRefusedError(`This account is not a member of group ${groupId}`, 403);
    case 'locked':
      return new GroupRefusedError(
        'Only group admins can edit this group (it is locked); ask an admin of the group',
        403,
      );
    case 'no-invite':
      return new GroupRefusedError(
        'Invite code not found (it may have been revoked); ask for a new link',
        404,
      );
    default:
      return new GroupRefusedError(`Only group admins can ${ADMIN_WORK[op]}; ask an admin of the group`, 403);
  }
}

export interface GroupChangeDone {
  /** The members before the change: who hears about it. */
  before: { jid: string; admin: GroupAdminRole }[];
  /** The op's own answer: statuses (participants), a code (invite, revoke), 'joined'/'already' (join). */
  result: unknown;
}

/**
 * Runs one group change as a single script: checks and writes happen together, so concurrent
 * changes by several members apply one after the other as on WhatsApp's server.
 */
export async function changeGroup(
  redis: Redis,
  change: { op: GroupChangeOp; actor: string; groupId: string; args?: readonly string[]; code?: string },
): Promise<GroupChangeDone> {
  const { op, actor, groupId } = change;
  const { sandboxGroupChange } = defineScripts(redis, { sandboxGroupChange: GROUP_CHANGE });
  const answer = (await sandboxGroupChange(
    sandboxKeys.group(groupId),
    sandboxKeys.members(groupId),
    sandboxKeys.invite(change.code ?? ''),
    op,
    actor,
    groupId,
    sandboxKeys.groupsOf(''),
    sandboxKeys.invite(''),
    ...(change.args ?? []),
  )) as [string, string[] | string, unknown?];
  if (answer[0] === 'refused') throw refusal(String(answer[1]), op, groupId);
  const flat = answer[1] as string[];
  const before: GroupChangeDone['before'] = [];
  for (let index = 0; index < flat.length; index += 2)
    before.push({ jid: flat[index]!, admin: roleOf(flat[index + 1]) });
  return { before, result: answer[2] };
}
