/**
 * Deliveries per second of one webhook runtime against a loopback receiver, vs a no-op BullMQ
 * worker draining the same number of jobs from the same Redis in the same run, vs a plain
 * undici POST loop (context). Jobs go straight onto the deliveries queue: the delivery stage
 * alone (`pnpm bench` item 4 measures events through fan-out and delivery).
 * Run: pnpm tsx bench/src/standalone/webhook-delivery-throughput.ts [jobs] [endpoint concurrency]
 */
import { spawn } from 'node:child_process';
import { catalogue, deliveryJobId, queuePrefix, WEBHOOK_DELIVERIES_QUEUE } from '@wildcat/jobs';
import { redisOptions } from '@wildcat/redis-bus';
import { createStore } from '@wildcat/store';
import { freePort, startRedis, waitFor } from '@wildcat/testkit';
import { deliveryJobOptions, startWebhookRuntime } from '@wildcat/webhook-worker/runtime';
import { loadWorkerSettings } from '@wildcat/webhook-worker/settings';
import { Queue, Worker } from 'bullmq';
import { pino } from 'pino';
import { Agent, request } from 'undici';
import { repoRoot, workspaceScript } from '../lib/child.js';

const JOBS = Number(process.argv[2] ?? 5_000);
const ENDPOINT_CONCURRENCY = process.argv[3] ?? '50';

// devdb and the receiver run in processes of their own, as MongoDB and a subscriber would:
// only the webhook worker's own work is measured in this process.
const redis = await startRedis();
const [dbPort, receiverPort] = await Promise.all([freePort(), freePort()]);
const children = [
  spawn(
    process.execPath,
    ['--import', 'tsx', workspaceScript('@wildcat/devdb/cli'), '--port', String(dbPort), '--quiet'],
    {
      cwd: repoRoot,
      stdio: 'ignore',
    },
  ),
  spawn(
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.writeHead(204).end()); }).listen(${receiverPort}, '127.0.0.1')`,
    ],
    { stdio: 'ignore' },
  ),
];
const devdb = { url: `mongodb://127.0.0.1:${dbPort}` };
const url = `http://127.0.0.1:${receiverPort}/hook`;
await waitFor(async () => (await fetch(url, { method: 'POST', body: '{}' })).status === 204, {
  timeoutMs: 30_000,
});
await waitFor(
  async () => {
    const probe = await createStore({
      url: devdb.url,
      dbName: 'probe',
      clientOptions: { serverSelectionTimeoutMS: 500 },
    });
    await probe.close();
    return true;
  },
  { timeoutMs: 60_000, what: 'devdb' },
);
const connection = redisOptions(redis.url, 'blocking');

function event(i: number) {
  return {
    id: `message.bench.M${i}`,
    type: 'message' as const,
    accountId: 'bench',
    timestamp: Date.now(),
    data: {
      messageId: `M${i}`,
      chatId: '1@s.whatsapp.net',
      from: '1@s.whatsapp.net',
      fromMe: false,
      timestamp: Date.now(),
      type: 'text',
      text: 'hello',
      hasMedia: false,
    },
  };
}

async function fill(queue: Queue, webhookId: string) {
  for (let i = 0; i < JOBS; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, JOBS - i) }, (_, k) => ({
        name: catalogue.delivery.jobName,
        data: { event: event(i + k), webhookId },
        opts: {
          ...deliveryJobOptions({ WEBHOOK_MAX_ATTEMPTS: 10 }),
          jobId: deliveryJobId(event(i + k).id, webhookId),
        },
      })),
    );
  }
}

async function drain(queue: Queue): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// 1. No-op BullMQ worker on the same queue settings.
const noopName = 'noop-deliveries';
const noopQueue = new Queue(noopName, { prefix: queuePrefix(noopName), connection });
await fill(noopQueue, '0123456789abcdef01234567');
let started = performance.now();
const noop = new Worker(noopName, async () => {}, {
  prefix: queuePrefix(noopName),
  connection,
  concurrency: 50,
});
await drain(noopQueue);
const noopRate = JOBS / ((performance.now() - started) / 1000);
await noop.close();
await noopQueue.close();

// 2. The webhook runtime delivering to the receiver.
const settings = loadWorkerSettings({
  REDIS_URL: redis.url,
  MONGODB_URL: devdb.url,
  MONGODB_DB: 'bench',
  LOG_LEVEL: 'silent',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_ENDPOINT_CONCURRENCY: ENDPOINT_CONCURRENCY,
});
const queue = new Queue(WEBHOOK_DELIVERIES_QUEUE, {
  prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
  connection,
});
const runtimeForStore = await startWebhookRuntime(settings, pino({ level: 'silent' }));
await runtimeForStore.close();
const store = await createStore({ url: devdb.url, dbName: 'bench' });
const { webhook } = await store.webhooks.createOrGet({
  accountId: 'bench',
  url,
  events: null,
  format: 'envelope',
  secret: 'bench-secret',
});
await store.close();
await fill(queue, webhook._id.toHexString());
started = performance.now();
const runtime = await startWebhookRuntime(settings, pino({ level: 'silent' }));
await drain(queue);
const workerRate = JOBS / ((performance.now() - started) / 1000);
await runtime.close();
await queue.close();

// 3. Context: a plain undici POST loop, 50 in flight.
const agent = new Agent();
started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 50 }, async () => {
    while (next < JOBS) {
      next++;
      const response = await request(url, { method: 'POST', body: '{}', dispatcher: agent });
      await response.body.dump();
    }
  }),
);
const undiciRate = JOBS / ((performance.now() - started) / 1000);
await agent.close();

console.log(
  JSON.stringify({
    jobs: JOBS,
    endpointConcurrency: Number(ENDPOINT_CONCURRENCY),
    noopWorkerPerSecond: Math.round(noopRate),
    webhookWorkerPerSecond: Math.round(workerRate),
    ratio: Number((workerRate / noopRate).toFixed(2)),
    undiciLoopPerSecond: Math.round(undiciRate),
  }),
);
for (const child of children) child.kill('SIGKILL');
await redis.destroy();
process.exit(0);
