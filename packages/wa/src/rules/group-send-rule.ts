import { SendForbiddenError } from '../errors/send-forbidden-error.js';
import type { GroupMetadata } from '../port/groups.js';

/**
 * WhatsApp's rule for writing to a group, which its own apps apply before sending (the compose
 * bar is disabled): members only, and in an announce group admins only. `own` names the account
 * in every form the group may list it (phone JID, LID).
 */
export function assertMaySendToGroup(group: GroupMetadata, own: readonly (string | undefined)[]): void {
  const me = group.participants.find((member) => own.includes(member.jid));
  if (!me) throw SendForbiddenError.notMember(group.id);
  if (group.announce && me.admin === null) throw SendForbiddenError.adminsOnly(group.id);
}
