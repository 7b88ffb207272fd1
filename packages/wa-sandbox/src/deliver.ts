import { defineScripts, luaScript } from '@wildcat/redis-bus/scripts';
import type { Redis } from 'ioredis';
import type { InboxFrame } from './frames.js';
import { INBOX_NOTICE } from './frames.js';
import { sandboxKeys } from './keys.js';

/** How long the network remembers a message id per sender to drop resends of it. */
export const SEEN_TTL_SECONDS = 900;

const DELIVER = luaScript(new URL('./sandbox-deliver.lua', import.meta.url), 6);

/**
 * Delivers a message once per (sender, id); resolves false for a dropped resend, or when the
 * recipient blocked the sender (WhatsApp keeps such a message at "sent" for good).
 */
export async function deliverMessage(
  redis: Redis,
  senderAccountId: string,
  recipientAccountId: string,
  frame: Extract<InboxFrame, { k: 'msg' }>,
): Promise<boolean> {
  const { deliver } = defineScripts(redis, { deliver: DELIVER });
  const result = await deliver(
    sandboxKeys.seen(senderAccountId, frame.id),
    sandboxKeys.inbox(recipientAccountId),
    sandboxKeys.stats,
    sandboxKeys.trace,
    sandboxKeys.rx,
    sandboxKeys.blocked(recipientAccountId),
    JSON.stringify(frame),
    sandboxKeys.channel(recipientAccountId),
    String(SEEN_TTL_SECONDS),
    `${recipientAccountId}/${frame.id}`,
    INBOX_NOTICE,
    frame.from,
  );
  return result === 1;
}

/** Receipts need no dedupe: the store only ever moves an ack forward. Calls go the same way. */
export async function deliverReceipt(
  redis: Redis,
  recipientAccountId: string,
  frame: Extract<InboxFrame, { k: 'receipt' | 'call' }>,
): Promise<void> {
  await redis
    .multi()
    .rpush(sandboxKeys.inbox(recipientAccountId), JSON.stringify(frame))
    .publish(sandboxKeys.channel(recipientAccountId), INBOX_NOTICE)
    .exec();
}

/** The recipient's delivery receipt for a message frame it handled (for a group: in the group's chat). */
export async function acknowledgeDelivery(
  redis: Redis,
  frame: Extract<InboxFrame, { k: 'msg' }>,
  recipientJid: string,
): Promise<void> {
  await deliverReceipt(redis, frame.fromAccount, {
    k: 'receipt',
    id: frame.id,
    from: recipientJid,
    chatId: frame.group ?? recipientJid,
    status: 'delivered',
    ts: Date.now(),
  });
}

const RESOLVE_OR_RECEIPT = luaScript(new URL('./sandbox-resolve-or-receipt.lua', import.meta.url), 2);

/**
 * `resolveAccount`, and when the JID is no sandbox account, `deliverReceipt(frame)` to the sender
 * in the same round trip. Resolves the recipient account, or undefined once the receipt is queued.
 */
export async function resolveOrAcknowledge(
  redis: Redis,
  senderAccountId: string,
  jid: string,
  frame: Extract<InboxFrame, { k: 'receipt' }>,
): Promise<string | undefined> {
  if (!jid.endsWith('@s.whatsapp.net')) {
    await deliverReceipt(redis, senderAccountId, frame);
    return undefined;
  }
  const { resolveOrReceipt } = defineScripts(redis, { resolveOrReceipt: RESOLVE_OR_RECEIPT });
  const account = await resolveOrReceipt(
    sandboxKeys.jid(jid),
    sandboxKeys.inbox(senderAccountId),
    JSON.stringify(frame),
    sandboxKeys.channel(senderAccountId),
    INBOX_NOTICE,
  );
  return typeof account === 'string' ? account : undefined;
}

/** The sandbox account behind a phone JID, if it is a linked sandbox device. */
export async function resolveAccount(redis: Redis, jid: string): Promise<string | undefined> {
  if (!jid.endsWith('@s.whatsapp.net')) return undefined;
  return (await redis.get(sandboxKeys.jid(jid))) ?? undefined;
}
