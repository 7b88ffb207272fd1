import { randomBytes } from 'node:crypto';
import { loadConfig } from '@wildcat/config';
import { type RunningDevdb, startDevdb } from '@wildcat/devdb';
import { connectRedis } from '@wildcat/redis-bus';
import { createStore, type Store } from '@wildcat/store';
import {
  inspectMongo,
  lateBound,
  type MongoInspector,
  type PrivateRedis,
  startRedis,
} from '@wildcat/testkit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { GATEWAY_VARIABLES, type GatewayConfig } from '../../src/config.js';
import { buildServer } from '../../src/server.js';
import { startTestWorker, type TestWorker } from './test-worker.js';

export const TEST_SHARDS = 4;

export interface TestServices {
  redisServer: PrivateRedis;
  devdb: RunningDevdb;
  dbName: string;
  /** Environment for a gateway (or a child process) pointed at these services. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A private redis-server and a devdb with a fresh database name, for one test file. */
export async function startTestServices(): Promise<TestServices> {
  const [redisServer, devdb] = await Promise.all([startRedis(), startDevdb({ quiet: true })]);
  const dbName = `gw_${randomBytes(4).toString('hex')}`;
  return {
    redisServer,
    devdb,
    dbName,
    env: {
      REDIS_URL: redisServer.url,
      MONGODB_URL: devdb.url,
      MONGODB_DB: dbName,
      SHARDS: String(TEST_SHARDS),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    },
    async close() {
      await Promise.all([redisServer.destroy(), devdb.close()]);
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: GatewayConfig;
  store: Store;
  /** The test's own read-only view of the database, for what no API shows (e.g. GridFS files). */
  inspect: MongoInspector;
  /** The gateway's own fail-fast client. */
  redis: Redis;
  services: TestServices;
  close(): Promise<void>;
}

/**
 * The gateway built against real services (not listening: use `inject`, or `listen` for real
 * HTTP). Pass `services` to share one Redis and devdb between apps of a file.
 */
export async function buildTestApp(
  options: { env?: Record<string, string>; services?: TestServices; logs?: DestinationStream } = {},
): Promise<TestApp> {
  const services = options.services ?? (await startTestServices());
  const config = loadConfig(GATEWAY_VARIABLES, { ...services.env, ...options.env });
  const store = await createStore({
    url: config.MONGODB_URL,
    dbName: config.MONGODB_DB,
    clientOptions: { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 },
  });
  const inspect = inspectMongo(config.MONGODB_URL, config.MONGODB_DB);
  const redis = await connectRedis(config.REDIS_URL, 'request');
  const app = await buildServer(
    { config, store, redis },
    { logger: options.logs ? { stream: options.logs } : false },
  );
  return {
    app,
    config,
    store,
    inspect,
    redis,
    services,
    async close() {
      await app.close();
      redis.disconnect();
      await Promise.all([store.close(), inspect.close()]);
      if (!options.services) await services.close();
    },
  };
}

export interface AppWithWorker {
  t: TestApp;
  worker: TestWorker;
  /** Starts a fresh stand-in worker (after a test closed it); `worker` then names the new one. */
  restartWorker(): Promise<void>;
}

/**
 * Registers, for the test file, a gateway app and a stand-in session worker on its queues (built
 * before the tests, closed after), and creates `account` through the API if given. Hands back
 * stand-ins that forward to them, so each test file needs one line of setup.
 */
export function useAppWithWorker(
  options: { env?: Record<string, string>; account?: string } = {},
): AppWithWorker {
  let t: TestApp | undefined;
  let worker: TestWorker | undefined;
  const startWorker = async (app: TestApp) => {
    worker = await startTestWorker(app.config.REDIS_URL, app.config.SHARDS, app.store);
  };
  beforeAll(async () => {
    t = await buildTestApp({ env: options.env });
    await startWorker(t);
    if (options.account)
      await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: options.account } });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });
  return {
    t: lateBound(() => t),
    worker: lateBound(() => worker),
    restartWorker: () => startWorker(lateBound(() => t)),
  };
}
