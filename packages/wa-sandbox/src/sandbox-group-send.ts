import { assertMaySendToGroup, type OutboundMessage, type SendResult } from '@wildcat/wa';
import { deliverMessage, resolveAccount } from './deliver.js';
import { loadGroup } from './sandbox-group-store.js';
import type { SandboxHost } from './sandbox-host.js';
import type { SandboxSender } from './sandbox-outbound.js';
import { wireBodyOf } from './wire-body.js';

/**
 * A send to a group: one copy into the inbox of every other member that is a sandbox account,
 * as WhatsApp fans a group message out. Refused for a non-member, and for a plain member of an
 * announce group (only admins send there). Media is stored once and read by every recipient;
 * it expires with the blob TTL instead of being deleted by the first reader. A group the network
 * does not know is outside the sandbox: undefined, and the caller acknowledges it as before.
 */
export async function sendToGroup(
  host: SandboxHost,
  sender: SandboxSender,
  message: OutboundMessage,
): Promise<SendResult | undefined> {
  const { redis } = host;
  const timestamp = Date.now();
  const group = await loadGroup(redis, message.to);
  if (!group) return undefined;
  assertMaySendToGroup(group, [sender.jid]);
  const others = group.participants.filter((member) => member.jid !== sender.jid);
  const accounts = (await Promise.all(others.map((member) => resolveAccount(redis, member.jid)))).filter(
    (account): account is string => account !== undefined,
  );
  const body = await wireBodyOf(host, message, accounts.length > 0);
  for (const account of new Set(accounts)) {
    // The network drops a resent id once per (sender, recipient), as for 1:1 messages.
    await deliverMessage(redis, `${sender.accountId}.${account}`, account, {
      k: 'msg',
      id: message.messageId,
      from: sender.jid,
      fromAccount: sender.accountId,
      ts: timestamp,
      group: group.id,
      ...(sender.pushName ? { pushName: sender.pushName } : {}),
      ...('quotedMessageId' in message && message.quotedMessageId ? { quoted: message.quotedMessageId } : {}),
      body,
    });
  }
  return { messageId: message.messageId, timestamp };
}
