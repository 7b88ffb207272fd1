import { eventId } from '@wildcat/jobs';
import type { MessageWriter, Store } from '@wildcat/store';
import type { InboundMessage } from '@wildcat/wa';
import type { Logger } from 'pino';
import type { Publish } from '../events/status-events.js';
import { baseFields } from './inbound-doc.js';
import type { PendingChanges } from './pending-changes.js';

type Revoke = Extract<InboundMessage, { type: 'revoke' }>;
type Edit = Extract<InboundMessage, { type: 'edit' }>;

export interface ChangeDeps {
  store: Store;
  writes: MessageWriter;
  publish: Publish;
  logger: Logger;
  pending: PendingChanges;
}

/**
 * Only the author may change a message. WhatsApp enforces it for the real network; the check
 * keeps a buggy or hostile group participant from rewriting someone else's stored message.
 * A target we never stored is taken as the author's (nothing to compare with).
 */
async function byAuthor(deps: ChangeDeps, accountId: string, message: Revoke | Edit) {
  const target = await deps.store.messages.get(accountId, message.targetId);
  if (target && target.from !== message.from) {
    deps.logger.warn(
      { accountId, messageId: message.targetId, by: message.from, author: target.from, change: message.type },
      'ignored a change to a message by someone other than its author',
    );
    return { allowed: false, target } as const;
  }
  // Not stored yet (it may come after its change): folded in when it arrives.
  if (!target) deps.pending.add(accountId, message);
  return { allowed: true, target } as const;
}

/**
 * Delete for everyone: a revoke record, `deletedAt` on the target, and two events for the same
 * change: `message.deleted` (what existing clients listen to) and `message.revoked`.
 */
export async function applyRevoke(deps: ChangeDeps, accountId: string, message: Revoke): Promise<void> {
  const { allowed } = await byAuthor(deps, accountId, message);
  if (!allowed) return;
  await deps.writes.upsert({
    ...baseFields(accountId, message),
    type: 'revoke',
    revokedMessageId: message.targetId,
  });
  await deps.store.messages.patch(accountId, message.targetId, { deletedAt: message.timestamp });
  const data = {
    messageId: message.targetId,
    chatId: message.chatId,
    from: message.from,
    fromMe: message.fromMe,
    timestamp: message.timestamp,
  };
  await deps.publish({
    id: eventId('message.deleted', accountId, message.targetId),
    type: 'message.deleted',
    accountId,
    timestamp: message.timestamp,
    data,
  });
  await deps.publish({
    id: eventId('message.revoked', accountId, message.targetId),
    type: 'message.revoked',
    accountId,
    timestamp: message.timestamp,
    data: { ...data, revokeId: message.id },
  });
}

/**
 * An edit replaces the target's text (its caption when it is media) and stamps `editedAt`;
 * `message.edited` says so, one event per edit (an edit has its own message id).
 */
export async function applyEdit(deps: ChangeDeps, accountId: string, message: Edit): Promise<void> {
  const { allowed, target } = await byAuthor(deps, accountId, message);
  if (!allowed) return;
  const field = target && target.type !== 'text' && target.text === undefined ? 'caption' : 'text';
  await deps.store.messages.patch(accountId, message.targetId, {
    [field]: message.text,
    editedAt: message.timestamp,
  });
  await deps.publish({
    id: eventId('message.edited', accountId, message.targetId, message.id),
    type: 'message.edited',
    accountId,
    timestamp: message.timestamp,
    data: {
      messageId: message.targetId,
      chatId: message.chatId,
      from: message.from,
      fromMe: message.fromMe,
      text: message.text,
      ...(target ? { previousText: (field === 'caption' ? target.caption : target.text) ?? '' } : {}),
      editedAt: message.timestamp,
      timestamp: message.timestamp,
    },
  });
}
