import { randomBytes } from 'node:crypto';
import { startDevdb } from '@wildcat/devdb';
import {
  type ControlJob,
  catalogue,
  type JobResult,
  queueFor,
  queuePrefix,
  type SendJob,
  shardOf,
} from '@wildcat/jobs';
import { connectRedis, RESULTS_CHANNEL, readStatus, readStatuses, redisOptions } from '@wildcat/redis-bus';
import { type CreateAccountInput, createStore, type Store } from '@wildcat/store';
import { inspectMongo, type MongoInspector, type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import { scanSandboxQr } from '@wildcat/wa-sandbox';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

type SendInput = SendJob extends infer J
  ? J extends unknown
    ? Omit<J, 'acceptedAt'> & { acceptedAt?: number }
    : never
  : never;

export interface TestEnvironment {
  redisServer: PrivateRedis;
  redisUrl: string;
  mongoUrl: string;
  dbName: string;
  redis: Redis;
  store: Store;
  /** The test's own read-only view of the database, for checks across many messages at once. */
  inspect: MongoInspector;
  shards: number;
  results: JobResult[];
  /** Adds a job the way the gateway does: parsed by the catalogue, job id = message id. */
  send(job: SendInput): Promise<string>;
  control(job: ControlJob): Promise<string>;
  waitResult(jobId: string, timeoutMs?: number): Promise<JobResult>;
  close(): Promise<void>;
}

export async function startEnvironment(shards = 4): Promise<TestEnvironment> {
  const [redisServer, devdb] = await Promise.all([startRedis(), startDevdb({ quiet: true })]);
  const dbName = `sw_${randomBytes(4).toString('hex')}`;
  const redis = await connectRedis(redisServer.url, 'blocking');
  const store = await createStore({ url: devdb.url, dbName });
  const inspect = inspectMongo(devdb.url, dbName);
  const subscriber = await connectRedis(redisServer.url, 'blocking');
  const results: JobResult[] = [];
  subscriber.on('message', (_channel, message) => results.push(JSON.parse(message) as JobResult));
  await subscriber.subscribe(RESULTS_CHANNEL);
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let found = queues.get(name);
    if (!found) {
      found = new Queue(name, {
        prefix: queuePrefix(name),
        connection: redisOptions(redisServer.url, 'blocking'),
      });
      queues.set(name, found);
    }
    return found;
  };
  let controlSeq = 0;
  return {
    redisServer,
    redisUrl: redisServer.url,
    mongoUrl: devdb.url,
    dbName,
    redis,
    store,
    inspect,
    shards,
    results,
    async send(input) {
      const job = catalogue.send.schema.parse({ acceptedAt: Date.now(), ...input });
      const name = queueFor.send(shardOf(job.accountId, shards));
      await queue(name).add(catalogue.send.jobName, job, { ...catalogue.send.options, jobId: job.messageId });
      return job.messageId;
    },
    async control(input) {
      const job = catalogue.control.schema.parse(input);
      const name = queueFor.control(shardOf(job.accountId, shards));
      const jobId = `${job.action}-${job.accountId}-${++controlSeq}-${Date.now()}`;
      await queue(name).add(catalogue.control.jobName, job, { ...catalogue.control.options, jobId });
      return jobId;
    },
    async waitResult(jobId, timeoutMs = 20_000) {
      return waitFor(() => results.find((result) => result.jobId === jobId), {
        timeoutMs,
        what: `result of ${jobId}`,
      });
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      subscriber.disconnect();
      await Promise.all([store.close(), inspect.close()]);
      redis.disconnect();
      await devdb.close();
      await redisServer.destroy();
    },
  };
}

/** Creates the account, connects it and scans its QR as its phone would; resolves its JID once connected. */
export async function pairAccount(
  env: TestEnvironment,
  id: string,
  account: Omit<CreateAccountInput, 'id'> = {},
): Promise<string> {
  await env.store.accounts.create({ id, ...account });
  await env.waitResult(await env.control({ accountId: id, action: 'connect' }));
  await waitFor(async () => (await readStatus(env.redis, id))?.qr, { what: `${id} QR` });
  const { jid } = await scanSandboxQr(env.redis, id);
  await waitFor(async () => (await readStatus(env.redis, id))?.status === 'connected', {
    what: `${id} connected`,
  });
  return jid;
}

/**
 * Pairs many accounts at once, as a user would: scans whatever QR is showing until every account is
 * connected. Fills `jids` (account id → JID) and returns it.
 */
export async function pairAccounts(
  env: TestEnvironment,
  ids: readonly string[],
  jids = new Map<string, string>(),
): Promise<Map<string, string>> {
  for (const id of ids) await env.store.accounts.create({ id });
  for (const id of ids) await env.control({ accountId: id, action: 'connect' });
  await waitFor(
    async () => {
      const now = await readStatuses(env.redis, [...ids]);
      for (const id of ids) {
        if (now.get(id)?.qr && !jids.has(id)) {
          const scanned = await scanSandboxQr(env.redis, id).catch(() => undefined);
          if (scanned) jids.set(id, scanned.jid);
        }
      }
      return [...now.values()].filter((s) => s.status === 'connected').length === ids.length;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: 'all connected' },
  );
  return jids;
}
