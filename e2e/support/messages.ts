import { waitFor } from '@wildcat/testkit';
import { type Api, expectStatus } from './api.js';

export interface StoredMessage {
  messageId: string;
  from: string;
  chatId: string;
  timestamp: number;
  type: string;
  fromMe: boolean;
  text?: string;
  status?: string;
  [field: string]: unknown;
}

/** Every stored message of an account, through `GET /messages?accountId=` page by page. */
export async function allMessages(api: Api, accountId: string): Promise<StoredMessage[]> {
  const messages: StoredMessage[] = [];
  for (let skip = 0; ; ) {
    const page = expectStatus(
      await api.call('GET', `/messages?accountId=${accountId}&limit=200&skip=${skip}`),
      200,
      `messages of ${accountId}`,
    ).json;
    messages.push(...(page.messages as StoredMessage[]));
    skip += page.messages.length;
    if (!page.pagination.hasMore || page.messages.length === 0) return messages;
  }
}

/** Every message of one chat, through `GET /accounts/:id/chats/:chatId/messages` (100 a page). */
export async function chatMessages(api: Api, accountId: string, chatId: string): Promise<StoredMessage[]> {
  // Pages by skip over a newest-first list: a message stored mid-read (one delayed by a failover
  // lands between older ones) shifts the pages, and one message shows on two of them. The store
  // holds each (account, messageId) once (unique index), so only a read that two consecutive
  // reads agree on says what is stored.
  let previous = await readChatOnce(api, accountId, chatId);
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await readChatOnce(api, accountId, chatId);
    if (sameIds(previous, current)) return current;
    previous = current;
  }
  return previous;
}

function sameIds(a: readonly StoredMessage[], b: readonly StoredMessage[]): boolean {
  return a.length === b.length && a.every((message, index) => message.messageId === b[index]?.messageId);
}

async function readChatOnce(api: Api, accountId: string, chatId: string): Promise<StoredMessage[]> {
  const messages: StoredMessage[] = [];
  for (let skip = 0; ; ) {
    const page = expectStatus(
      await api.call('GET', `/accounts/${accountId}/chats/${chatId}/messages?limit=100&skip=${skip}`),
      200,
      `messages of ${accountId} in ${chatId}`,
    ).json;
    messages.push(...(page.messages as StoredMessage[]));
    skip += page.messages.length;
    if (page.messages.length < 100) return messages;
  }
}

/** How many times each id occurs. */
export function tally(ids: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Ids that occur more than once, with their counts. */
export function repeated(ids: Iterable<string>): Array<[string, number]> {
  return [...tally(ids)].filter(([, count]) => count > 1);
}

/** Waits until message `id` is in `chat` of `accountId` (30 s), and resolves it. */
export function messageIn(api: Api, accountId: string, chat: string, id: string): Promise<StoredMessage> {
  return waitFor(async () => (await chatMessages(api, accountId, chat)).find((m) => m.messageId === id), {
    what: `${accountId} has ${id}`,
    timeoutMs: 30_000,
  });
}

/** GET /accounts/:id/messages/:messageId's message. */
// biome-ignore lint/suspicious/noExplicitAny: a client reads whatever fields the view has
export async function messageView(api: Api, accountId: string, id: string): Promise<any> {
  const answer = await api.call('GET', `/accounts/${accountId}/messages/${id}`);
  return expectStatus(answer, 200, `view of ${id}`).json.message;
}
