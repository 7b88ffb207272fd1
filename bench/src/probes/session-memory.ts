// Item 5, run as its own process with --expose-gc: one session worker (the app's own
// startSessionWorker on the sandbox engine) in this process; Redis and devdb are other processes.
// Args: <redisUrl> <mongoUrl> <count>. Prints one JSON line: memory with every shard owned and no
// session, then with <count> idle connected sessions.
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogue, queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { connectRedis } from '@wildcat/redis-bus';
import { startSessionWorker } from '@wildcat/session-worker/worker';
import { createStore } from '@wildcat/store';
import { createSandboxEngine } from '@wildcat/wa-sandbox';
import { Queue } from 'bullmq';
import pino from 'pino';
import { seedPairedAccounts, untilConnected } from '../lib/seed.js';

const [redisUrl = '', mongoUrl = '', countArg = '1000'] = process.argv.slice(2);
const count = Number(countArg);
const SHARDS = 32;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 5; i++) {
    gc?.();
    await sleep(200);
  }
  return process.memoryUsage();
}

const redis = await connectRedis(redisUrl, 'blocking');
const ids = Array.from({ length: count }, (_, i) => `mem${i}`);
await seedPairedAccounts(mongoUrl, redis, ids);
const store = await createStore({ url: mongoUrl, dbName: 'wildcat' });
// Desired state off until the baseline is taken, so the worker starts with no session.
for (const id of ids) await store.accounts.setDesiredState(id, 'disconnected');
const worker = await startSessionWorker({
  workerId: 'memory',
  redisUrl,
  redis,
  store,
  engine: createSandboxEngine({ redis }),
  logger: pino({ level: 'warn' }),
  shards: SHARDS,
  leaseTtlMs: 10_000,
  sendRatePerMinute: 60,
  sendMaxRateWaitMs: 30_000,
  sendHoldMs: 120_000,
  ffmpegPath: 'ffmpeg',
});
while (worker.ownership.owned().length < SHARDS) await sleep(100);
await sleep(1_000);
const before = await settle();

const connection = await connectRedis(redisUrl, 'blocking');
const queues = new Map<string, Queue>();
for (const id of ids) {
  await store.accounts.setDesiredState(id, 'connected');
  const name = queueFor.control(shardOf(id, SHARDS));
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { prefix: queuePrefix(name), connection, skipVersionCheck: true });
    queues.set(name, queue);
  }
  await queue.add(catalogue.control.jobName, { accountId: id, action: 'connect' }, catalogue.control.options);
}
const connectMs = await untilConnected(redis, ids, 300_000);
await sleep(2_000); // idle
const after = await settle();
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;
const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
console.log(
  JSON.stringify({
    sessions: count,
    connectMs,
    baseline: { rssMiB: mib(before.rss), heapUsedMiB: mib(before.heapUsed) },
    after: { rssMiB: mib(after.rss), heapUsedMiB: mib(after.heapUsed) },
    perSession: {
      rssKiB: kib((after.rss - before.rss) / count),
      heapUsedKiB: kib((after.heapUsed - before.heapUsed) / count),
    },
  }),
);
await Promise.all([...queues.values()].map((queue) => queue.close()));
await worker.stop();
await store.close();
connection.disconnect();
redis.disconnect();
process.exit(0);
