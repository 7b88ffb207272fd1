/** Collection names the store owns; an account's auth collection may never take one of these. */
export const COLLECTIONS = {
  accounts: 'accounts',
  messages: 'messages',
  chats: 'chats',
  webhooks: 'webhooks',
  deliveries: 'webhook_deliveries',
  apiKeys: 'api_keys',
  groups: 'groups',
  pollVotes: 'poll_votes',
  contacts: 'contacts',
} as const;

export const MEDIA_BUCKET = 'media';

/** Letters, digits, _ and -; no dots (so no `system.*`), no `$`, bounded. */
export const COLLECTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,79}$/;

export function isSafeCollectionName(name: string): boolean {
  const reserved = new Set<string>([...Object.values(COLLECTIONS), MEDIA_BUCKET]);
  return (
    COLLECTION_NAME_PATTERN.test(name) && !reserved.has(name) && !name.toLowerCase().startsWith('system')
  );
}

export function defaultAuthCollection(accountId: string): string {
  return `auth_${accountId}`;
}
