import { SendRefusedError } from './send-refused-error.js';

/**
 * The account may not write to this chat: not a member of the group, or a plain member of an
 * announce group. A final answer (403 at the gateway) whose message says why and what to do;
 * a retry cannot succeed until the group changes. Every engine words it the same way.
 */
export class SendForbiddenError extends SendRefusedError {
  override name = 'SendForbiddenError';

  constructor(message: string) {
    super(message, 403);
  }

  static notMember(groupId: string): SendForbiddenError {
    return new SendForbiddenError(
      `This account is not a member of group ${groupId}; join it (or be added) before sending`,
    );
  }

  static adminsOnly(groupId: string): SendForbiddenError {
    return new SendForbiddenError(
      `Only admins can send to group ${groupId} (announce is on); ask an admin to promote this account or turn announce off`,
    );
  }
}
