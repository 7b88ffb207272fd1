import type { Redis } from 'ioredis';
import type { InboxFrame } from './frames.js';
import { INBOX_NOTICE } from './frames.js';
import { sandboxKeys } from './keys.js';
import { runScript, script } from './run-script.js';

/** How long the network remembers a message id per sender to drop resends of it. */
export const SEEN_TTL_SECONDS = 900;

// One round trip: drop a resend of the same id, append to the recipient's inbox, wake its
// socket, and count the delivery when tracing is on.
const DELIVER = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) == false then
  redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
  return 0
end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[5])
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('HINCRBY', KEYS[5], ARGV[4], 1) end
return 1`;

const DELIVER_SCRIPT = script(DELIVER);

/** Delivers a message once per (sender, id); resolves false for a dropped resend. */
export async function deliverMessage(
  redis: Redis,
  senderAccountId: string,
  recipientAccountId: string,
  frame: Extract<InboxFrame, { k: 'msg' }>,
): Promise<boolean> {
  const result = await runScript(
    redis,
    DELIVER_SCRIPT,
    [
      sandboxKeys.seen(senderAccountId, frame.id),
      sandboxKeys.inbox(recipientAccountId),
      sandboxKeys.stats,
      sandboxKeys.trace,
      sandboxKeys.rx,
    ],
    [
      JSON.stringify(frame),
      sandboxKeys.channel(recipientAccountId),
      String(SEEN_TTL_SECONDS),
      `${recipientAccountId}/${frame.id}`,
      INBOX_NOTICE,
    ],
  );
  return result === 1;
}

/** Receipts need no dedupe: the store only ever moves an ack forward. */
export async function deliverReceipt(
  redis: Redis,
  recipientAccountId: string,
  frame: Extract<InboxFrame, { k: 'receipt' }>,
): Promise<void> {
  await redis
    .multi()
    .rpush(sandboxKeys.inbox(recipientAccountId), JSON.stringify(frame))
    .publish(sandboxKeys.channel(recipientAccountId), INBOX_NOTICE)
    .exec();
}

// One round trip for a send to a number: the sandbox account behind it, or, when there is none,
// the "other phone's" delivery receipt queued for the sender.
const RESOLVE_OR_RECEIPT = `
local account = redis.call('GET', KEYS[1])
if account then return account end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return false`;
const RESOLVE_OR_RECEIPT_SCRIPT = script(RESOLVE_OR_RECEIPT);

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
  const account = await runScript(
    redis,
    RESOLVE_OR_RECEIPT_SCRIPT,
    [sandboxKeys.jid(jid), sandboxKeys.inbox(senderAccountId)],
    [JSON.stringify(frame), sandboxKeys.channel(senderAccountId), INBOX_NOTICE],
  );
  return typeof account === 'string' ? account : undefined;
}

/** The sandbox account behind a phone JID, if it is a linked sandbox device. */
export async function resolveAccount(redis: Redis, jid: string): Promise<string | undefined> {
  if (!jid.endsWith('@s.whatsapp.net')) return undefined;
  return (await redis.get(sandboxKeys.jid(jid))) ?? undefined;
}
