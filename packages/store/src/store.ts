import { MongoClient, type MongoClientOptions } from 'mongodb';
import { type AccountsRepository, createAccountsRepository } from './accounts-repository.js';
import { type AccountSearchRepository, createAccountSearchRepository } from './accounts-search.js';
import { type ApiKeysRepository, createApiKeysRepository } from './api-keys-repository.js';
import { type AuthStateRepository, createAuthStateRepository } from './auth-state-repository.js';
import { type ChatsRepository, createChatsRepository } from './chats-repository.js';
import { type ContactsRepository, createContactsRepository } from './contacts-repository.js';
import { createDeliveriesRepository, type DeliveriesRepository } from './deliveries-repository.js';
import { StoreUnavailableError } from './errors.js';
import { createGroupsRepository, type GroupsRepository } from './groups-repository.js';
import { ensureIndexes } from './indexes.js';
import { createMediaRepository, type MediaRepository } from './media-repository.js';
import { createMessagesRepository, type MessagesRepository } from './messages-repository.js';
import { watchServerMonitors } from './monitor-watchdog.js';
import { createPollVotesRepository, type PollVotesRepository } from './poll-votes-repository.js';
import { createWebhooksRepository, type WebhooksRepository } from './webhooks-repository.js';

export interface StoreOptions {
  /** mongodb:// URL (MONGODB_URL). */
  url: string;
  /** Database name (MONGODB_DB). */
  dbName: string;
  /** Extra driver options, e.g. a shorter serverSelectionTimeoutMS in tests. */
  clientOptions?: MongoClientOptions;
  /**
   * A not yet connected client to use instead of one made from `url` and `clientOptions`: for a
   * test that listens to the driver's command events. The store connects and closes it.
   */
  client?: MongoClient;
  /** Told when a hung server check was restarted (see watchServerMonitors), to log it. */
  onMonitorRestart?(address: string, stuckForMs: number): void;
}

/** The only way to MongoDB: repositories and named operations, never a raw collection. */
export interface Store {
  accounts: AccountsRepository;
  /** The fleet's accounts table: prefix search, sort and paging on indexes. */
  accountSearch: AccountSearchRepository;
  messages: MessagesRepository;
  chats: ChatsRepository;
  /** Groups each account is in, kept current by the worker from group events. */
  groups: GroupsRepository;
  contacts: ContactsRepository;
  media: MediaRepository;
  webhooks: WebhooksRepository;
  deliveries: DeliveriesRepository;
  /** Stored (hashed) API keys, admin or scoped to one account. */
  apiKeys: ApiKeysRepository;
  /** Each voter's current vote on each poll (the poll message keeps the tally). */
  pollVotes: PollVotesRepository;
  /** The auth-state repository of one account's collection. */
  authState(collectionName: string): AuthStateRepository;
  /** Removes an account and everything it owns; resolves false when it did not exist. */
  deleteAccountCascade(accountId: string): Promise<boolean>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function createStore(options: StoreOptions): Promise<Store> {
  const client =
    options.client ??
    new MongoClient(options.url, {
      serverSelectionTimeoutMS: 5_000,
      // Opening a connection takes milliseconds when the server is up; this also bounds a server
      // check, and so how soon the monitor watchdog below may call a check hung.
      connectTimeoutMS: 5_000,
      // Writes are retried by our own job retries; the dev server is a standalone without sessions.
      retryWrites: false,
      ...options.clientOptions,
    });
  // A check can take connectTimeoutMS, plus heartbeatFrequencyMS when it awaits the server's news.
  const longestCheckMs = client.options.connectTimeoutMS + client.options.heartbeatFrequencyMS;
  const stopWatchdog = watchServerMonitors(client, longestCheckMs + 5_000, (address, stuckForMs) =>
    options.onMonitorRestart?.(address, stuckForMs),
  );
  try {
    await client.connect();
  } catch (error) {
    // Only host and port: the URL may carry credentials, which never go into messages or logs.
    throw new StoreUnavailableError(client.options.hosts.map((host) => host.toString()).join(','), error);
  }
  const db = client.db(options.dbName);
  await ensureIndexes(db);

  const accounts = createAccountsRepository(db);
  const messages = createMessagesRepository(db);
  const chats = createChatsRepository(db);
  const groups = createGroupsRepository(db);
  const contacts = createContactsRepository(db);
  const media = createMediaRepository(db);
  const webhooks = createWebhooksRepository(db);
  const deliveries = createDeliveriesRepository(db);
  const apiKeys = createApiKeysRepository(db);
  const pollVotes = createPollVotesRepository(db);

  // An account stored while collectionName could still be chosen may name another account's
  // collection: its delete must not drop the credentials that account still uses.
  async function dropAuthUnlessShared(accountId: string, collectionName: string): Promise<void> {
    if (await accounts.collectionSharedBeyond(accountId, collectionName)) return;
    await createAuthStateRepository(db, collectionName).drop();
  }

  return {
    accounts,
    accountSearch: createAccountSearchRepository(db),
    messages,
    chats,
    groups,
    contacts,
    media,
    webhooks,
    deliveries,
    apiKeys,
    pollVotes,
    authState: (collectionName) => createAuthStateRepository(db, collectionName),

    async deleteAccountCascade(accountId) {
      const account = await accounts.get(accountId);
      if (!account) return false;
      const webhookIds = await webhooks.deleteByAccount(accountId);
      await Promise.all([
        messages.deleteByAccount(accountId),
        pollVotes.deleteByAccount(accountId),
        chats.deleteByAccount(accountId),
        groups.deleteByAccount(accountId),
        contacts.deleteByAccount(accountId),
        media.deleteByAccount(accountId),
        deliveries.deleteByWebhooks(webhookIds),
        dropAuthUnlessShared(accountId, account.collectionName),
        apiKeys.deleteByAccount(accountId),
      ]);
      return accounts.remove(accountId);
    },

    async ping() {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        // Unreachable is exactly what a ping reports; readiness checks log nothing more.
        return false;
      }
    },

    close: async () => {
      stopWatchdog();
      await client.close();
    },
  };
}
