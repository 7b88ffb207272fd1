import type { ContactNames, EngineHandlers } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { INBOX_NOTICE, type InboxFrame } from './frames.js';
import { sandboxKeys } from './keys.js';

/**
 * The owner of `accountId`'s phone saves `jid` in the address book as `name`: the phone keeps it
 * and syncs it to the linked device (an inbox frame, handled in order with everything else), as
 * WhatsApp's app-state sync carries a contactAction. Works whether or not the device is online.
 */
export async function saveSandboxContact(
  redis: Redis,
  accountId: string,
  jid: string,
  name: string,
): Promise<void> {
  const frame: InboxFrame = { k: 'contacts', contacts: [{ jid, name }] };
  await redis
    .multi()
    .hset(sandboxKeys.addressBook(accountId), jid, name)
    .rpush(sandboxKeys.inbox(accountId), JSON.stringify(frame))
    .publish(sandboxKeys.channel(accountId), INBOX_NOTICE)
    .exec();
}

/** The whole address book, which a device gets at each login (app-state sync from scratch). */
export async function readSandboxAddressBook(redis: Redis, accountId: string): Promise<ContactNames[]> {
  const book = await redis.hgetall(sandboxKeys.addressBook(accountId));
  return Object.entries(book).map(([jid, name]) => ({ jid, name }));
}

/** At login: the phone syncs its whole address book to the device, through its handler chain. */
export async function syncAddressBook(
  redis: Redis,
  accountId: string,
  handlers: EngineHandlers,
  emit: <T>(call: () => T | Promise<T>) => Promise<T>,
): Promise<void> {
  const book = await readSandboxAddressBook(redis, accountId);
  if (book.length > 0) await emit(() => handlers.onContacts?.(book));
}
