import type { Store } from '@wildcat/store';
import { HttpError } from '../errors/http-error.js';

/** Listed ids named in an error message, at most this many. */
const NAMED = 5;

/**
 * Read receipts go only to messages this account received in this chat: any listed id that is
 * not one (unknown, sent by the account itself, another chat's) is a 404 naming it.
 */
export async function assertReceivedInChat(
  store: Store,
  accountId: string,
  chatId: string,
  messageIds: string[] | undefined,
): Promise<void> {
  if (!messageIds) return;
  const unique = [...new Set(messageIds)];
  const found = await store.messages.inboundToRead(accountId, chatId, {
    messageIds: unique,
    limit: unique.length,
  });
  const known = new Set(found.map((target) => target.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length === 0) return;
  const named = missing.slice(0, NAMED).join(', ') + (missing.length > NAMED ? ', ...' : '');
  throw new HttpError(404, `No received message in this chat with id ${named}`);
}
