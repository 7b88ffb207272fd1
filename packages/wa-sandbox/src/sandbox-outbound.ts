import type { OutboundMessage, PresenceState, ReadTarget, SendResult } from '@wildcat/wa';
import type { Logger } from 'pino';
import { deleteBlob } from './blob-store.js';
import { deliverMessage, deliverReceipt, resolveAccount, resolveOrAcknowledge } from './deliver.js';
import { sandboxKeys } from './keys.js';
import { sendToGroup } from './sandbox-group-send.js';
import type { SandboxHost } from './sandbox-host.js';
import { wireBodyOf } from './wire-body.js';

/** The open account a sandbox send or read receipt goes out from. */
export interface SandboxSender {
  accountId: string;
  jid: string;
  pushName?: string;
}

/**
 * A send over the sandbox network: into the recipient's inbox when the number is a sandbox
 * account, else accepted and acknowledged as delivered by "the other phone".
 */
export async function sendOverSandbox(
  host: SandboxHost,
  sender: SandboxSender,
  message: OutboundMessage,
  trace?: Logger,
): Promise<SendResult> {
  const toGroup = message.to.endsWith('@g.us') ? await sendToGroup(host, sender, message) : undefined;
  if (toGroup) return toGroup;
  const { redis } = host;
  const timestamp = Date.now();
  // A message without media (text, location, contact, poll, vote) needs nothing between
  // resolving the recipient and acknowledging it: one round trip.
  // (Media is read first, and only a send that read it all is acknowledged.)
  const textOnly = !('media' in message) && message.kind !== 'react' && message.kind !== 'delete';
  // What "the other phone" answers to a send outside the sandbox.
  const delivered = () => ({
    k: 'receipt' as const,
    id: message.messageId,
    from: message.to,
    chatId: message.to,
    status: 'delivered' as const,
    ts: Date.now(),
  });
  const recipient = textOnly
    ? await resolveOrAcknowledge(redis, sender.accountId, message.to, delivered())
    : await resolveAccount(redis, message.to);
  const body = await wireBodyOf(host, message, recipient !== undefined);
  if (recipient) {
    const stored = await deliverMessage(redis, sender.accountId, recipient, {
      k: 'msg',
      id: message.messageId,
      from: sender.jid,
      fromAccount: sender.accountId,
      ts: timestamp,
      ...(sender.pushName ? { pushName: sender.pushName } : {}),
      ...('quotedMessageId' in message && message.quotedMessageId ? { quoted: message.quotedMessageId } : {}),
      ...(message.kind === 'forward' ? { forwarded: true } : {}),
      body,
    });
    trace?.debug(
      { accountId: sender.accountId, messageId: message.messageId, recipient, inInbox: stored },
      stored ? 'sandbox send: in the recipient inbox' : 'sandbox send: dropped as a resend (or blocked)',
    );
    if (!stored && 'blobId' in body) await deleteBlob(redis, body.blobId);
  } else {
    trace?.debug(
      { accountId: sender.accountId, messageId: message.messageId, to: message.to },
      'sandbox send: to a number outside the sandbox',
    );
    // Outside the sandbox: accepted, and acknowledged as delivered by "the other phone".
    if (!textOnly && message.kind !== 'react' && message.kind !== 'delete')
      await deliverReceipt(redis, sender.accountId, delivered());
  }
  return { messageId: message.messageId, timestamp };
}

/** Read receipts for messages a sandbox account received from another sandbox account. */
export async function markReadOverSandbox(
  host: SandboxHost,
  sender: SandboxSender,
  chatId: string,
  messages: readonly (string | ReadTarget)[],
): Promise<void> {
  const author = await resolveAccount(host.redis, chatId);
  if (!author) return;
  for (const message of messages) {
    const id = typeof message === 'string' ? message : message.id;
    await deliverReceipt(host.redis, author, {
      k: 'receipt',
      id,
      from: sender.jid,
      chatId: sender.jid,
      status: 'read',
      ts: Date.now(),
    });
  }
}

/** How long the network remembers an announced presence (as WhatsApp shows "typing…" a while). */
export const PRESENCE_TTL_SECONDS = 60;

/**
 * A presence update over the sandbox network: the network keeps the account's last announcement
 * (state, chat, time) where a test, the demo or an operator can read it.
 */
export async function presenceOverSandbox(
  host: SandboxHost,
  sender: SandboxSender,
  state: PresenceState,
  chatId?: string,
): Promise<void> {
  const record = JSON.stringify({ state, ...(chatId ? { chatId } : {}), ts: Date.now() });
  await host.redis.set(sandboxKeys.presence(sender.accountId), record, 'EX', PRESENCE_TTL_SECONDS);
}
