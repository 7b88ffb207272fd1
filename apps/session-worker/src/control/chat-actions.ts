import { type ChatReadResult, type ControlJob, MAX_READ_IDS } from '@wildcat/jobs';
import type { Store } from '@wildcat/store';
import { NotConnectedError, type WaSession } from '@wildcat/wa';
import type { AccountSession } from '../sessions/account-session.js';

type PresenceJob = Extract<ControlJob, { action: 'presence' }>;
type ReadJob = Extract<ControlJob, { action: 'read' }>;

/**
 * The open socket of an account on this worker. A chat action is never held for an account that
 * is away: it answers "not connected" at once (see chat-action-job.ts).
 */
function openSocket(accountId: string, session: AccountSession | undefined): WaSession {
  const socket = session?.openSocket();
  if (!socket) throw new NotConnectedError(accountId);
  return socket;
}

export async function runPresence(
  job: PresenceJob,
  session: AccountSession | undefined,
): Promise<{ state: string }> {
  await openSocket(job.accountId, session).sendPresence(job.state, job.chatId);
  return { state: job.state };
}

/**
 * Read receipts for the listed inbound messages of the chat, or for its unread ones (stored as
 * `received`). Each acknowledged message is then stored as `read`, so asking again sends nothing
 * twice; the sender's own copy turns `read` through its ack path.
 */
export async function runRead(
  job: ReadJob,
  session: AccountSession | undefined,
  store: Store,
): Promise<ChatReadResult> {
  const socket = openSocket(job.accountId, session);
  const targets = await store.messages.inboundToRead(job.accountId, job.chatId, {
    ...(job.messageIds ? { messageIds: job.messageIds } : {}),
    limit: MAX_READ_IDS,
  });
  if (targets.length === 0) return { read: 0 };
  await socket.markRead(job.chatId, targets);
  for (const target of targets) await store.messages.setStatus(job.accountId, target.id, 'read');
  return { read: targets.length };
}
