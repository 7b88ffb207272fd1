import { loadConfig } from '@wildcat/config';
import { connectRedis } from '@wildcat/redis-bus';
import { createStore, MEDIA_BUCKET, type Store } from '@wildcat/store';
import { inspectMongo } from '@wildcat/testkit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { GATEWAY_VARIABLES } from '../../src/config.js';
import { buildServer } from '../../src/server.js';
import { startTestServices, TEST_SHARDS, type TestServices } from '../helpers/build-test-app.js';
import { startTestWorker, type TestWorker } from '../helpers/test-worker.js';
import { countWrites, type WriteCounter } from './mongo-writes.js';
import type { KeyChoice } from './request-arbitrary.js';

export const FUZZ_ADMIN_KEY = 'fuzz-admin-key-0123456789';

export interface FuzzHarness {
  app: FastifyInstance;
  store: Store;
  writes: WriteCounter;
  keys: Record<KeyChoice, string | undefined>;
  /** Documents in the GridFS bucket: a rejected upload may write chunks but must leave none. */
  mediaCount(): Promise<number>;
  /** Puts the fuzz accounts back after a (valid, fuzzed) DELETE removed one. */
  restoreAccounts(): Promise<void>;
  close(): Promise<void>;
}

export const FUZZ_ACCOUNTS = ['fuzzbot', 'fuzz-other'];

/**
 * A gateway on real Redis and devdb whose MongoDB client reports every command (the write
 * counter), a BullMQ test worker that answers sends and control jobs (so valid requests finish
 * instead of timing out), two accounts, an admin key and a key scoped to `fuzz-other`.
 */
export async function startFuzzHarness(): Promise<FuzzHarness> {
  const services: TestServices = await startTestServices();
  const config = loadConfig(GATEWAY_VARIABLES, {
    ...services.env,
    API_KEYS: FUZZ_ADMIN_KEY,
    RATE_LIMIT_MAX: '0',
    // Thousands of hostile keys from one address would otherwise be answered 429 before the routes.
    AUTH_FAILURES_MAX: '0',
    SEND_WAIT_TIMEOUT_MS: '10000',
  });
  const clientOptions = { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 };
  // The gateway's client is the test's, so the test hears its commands; the store connects it.
  const client = new MongoClient(config.MONGODB_URL, {
    ...clientOptions,
    retryWrites: false,
    monitorCommands: true,
  });
  const writes = countWrites(client);
  const store = await createStore({ url: config.MONGODB_URL, dbName: config.MONGODB_DB, client });
  // The worker writes what it sends through its own client, outside the counter.
  const workerStore = await createStore({
    url: config.MONGODB_URL,
    dbName: config.MONGODB_DB,
    clientOptions,
  });
  const redis: Redis = await connectRedis(config.REDIS_URL, 'request');
  const worker: TestWorker = await startTestWorker(config.REDIS_URL, TEST_SHARDS, workerStore);
  // As the session worker: a pairing code comes back as data (else the gateway rightly answers 502).
  worker.controlResult = (job) => {
    if (job.action === 'pairing-code') return { data: { code: 'ABCD-1234' } };
    // Look-ups answer with data of their shape (anything else is rightly a 502).
    if (job.action === 'contacts-check')
      return { data: { results: job.jids.map((jid) => ({ jid, exists: true, resolvedJid: jid })) } };
    if (job.action === 'sandbox-call') return { data: { callId: 'FUZZCALL' } };
    // Group actions answer with data of their shape too.
    const group = {
      id: '120363000000000001@g.us',
      subject: 'Fuzz',
      creation: 0,
      announce: false,
      locked: false,
      participants: [],
    };
    if (job.action === 'group-create' || job.action === 'group-metadata' || job.action === 'group-update')
      return { data: { group } };
    if (job.action === 'group-participants')
      return { data: { results: job.participants.map((jid) => ({ jid, status: 200 })) } };
    if (job.action === 'group-invite' || job.action === 'group-revoke-invite')
      return { data: { code: 'FUZZCODE123' } };
    if (job.action === 'group-join') return { data: { groupId: group.id } };
    if (job.action === 'group-leave') return { data: { left: true } };
    return {};
  };
  const app = await buildServer({ config, store, redis }, { logger: false });

  const keys: Record<KeyChoice, string | undefined> = {
    admin: FUZZ_ADMIN_KEY,
    scoped: undefined,
    none: undefined,
    wrong: 'wck_not-a-real-key',
  };
  // Deleting an account deletes its keys too: the scoped key comes back with its account.
  const restoreAccounts = async () => {
    for (const id of FUZZ_ACCOUNTS) {
      if (!(await workerStore.accounts.get(id))) await workerStore.accounts.create({ id });
    }
    if ((await workerStore.apiKeys.list({ accountId: 'fuzz-other' })).length === 0) {
      keys.scoped = (await workerStore.apiKeys.create({ name: 'fuzz scoped', accountId: 'fuzz-other' })).key;
    }
  };
  await restoreAccounts();
  const inspect = inspectMongo(config.MONGODB_URL, config.MONGODB_DB);

  return {
    app,
    store,
    writes,
    keys,
    async mediaCount() {
      const [files, chunks] = await Promise.all([
        inspect.count(`${MEDIA_BUCKET}.files`),
        inspect.count(`${MEDIA_BUCKET}.chunks`),
      ]);
      return files * 1_000_000 + chunks;
    },
    restoreAccounts,
    async close() {
      await app.close();
      await worker.close();
      redis.disconnect();
      await Promise.all([store.close(), workerStore.close(), inspect.close()]);
      await services.close();
    },
  };
}
