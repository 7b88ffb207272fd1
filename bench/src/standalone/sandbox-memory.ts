/**
 * Memory per idle connected sandbox session in one session worker (issue 11's goal: ≤ 1 MiB RSS
 * per idle session at 1,000 sessions). Redis and devdb run as their own processes, so this
 * process holds only the worker. Run: node --expose-gc --import tsx bench/src/standalone/sandbox-memory.ts [count]
 * (`pnpm bench` measures the same per-session figure as its item 5, at 32 shards.)
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogue, queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { connectRedis, readStatuses, redisOptions } from '@wildcat/redis-bus';
import { startSessionWorker } from '@wildcat/session-worker/worker';
import { createStore } from '@wildcat/store';
import { freePort, startRedis, waitFor } from '@wildcat/testkit';
import { createSandboxEngine } from '@wildcat/wa-sandbox';
import { Queue } from 'bullmq';
import pino from 'pino';
import { workspaceScript } from '../lib/child.js';

const COUNT = Number(process.argv[2] ?? 1_000);
const SHARDS = 8;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const mib = (bytes: number) => bytes / 1024 / 1024;
async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 5; i++) {
    gc!();
    await sleep(200);
  }
  return process.memoryUsage();
}

const redisServer = await startRedis();
const devdbPort = await freePort();
const devdbCli = workspaceScript('@wildcat/devdb/cli');
const devdb = spawn(process.execPath, ['--import', 'tsx', devdbCli, '--port', String(devdbPort), '--quiet'], {
  stdio: 'ignore',
});
const mongoUrl = `mongodb://127.0.0.1:${devdbPort}`;
await waitFor(
  async () => {
    const probe = await createStore({
      url: mongoUrl,
      dbName: 'probe',
      clientOptions: { serverSelectionTimeoutMS: 500 },
    });
    await probe.close();
    return true;
  },
  { timeoutMs: 30_000, what: 'devdb' },
);

const store = await createStore({ url: mongoUrl, dbName: 'memory' });
const redis = await connectRedis(redisServer.url, 'blocking');
const ids = Array.from({ length: COUNT }, (_, i) => `mem${i}`);
// Paired accounts, as after a scan: credentials stored and the number linked in the sandbox.
for (const [i, id] of ids.entries()) {
  const jid = `${16_660_000_000 + i}@s.whatsapp.net`;
  await store.accounts.create({ id });
  await store.accounts.setDesiredState(id, 'disconnected');
  await store
    .authState(`auth_${id}`)
    .writeCreds({ platform: 'wildcat-sandbox', registered: true, me: { id: jid } }, 0);
  await redis.set(`wc:{sbx}:jid:${jid}`, id);
}

const worker = await startSessionWorker({
  workerId: 'memory',
  redisUrl: redisServer.url,
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
await waitFor(() => worker.ownership.owned().length === SHARDS, { what: 'all shards' });
await sleep(2_000);
const before = await settle();

const queues = new Map<string, Queue>();
for (const id of ids) {
  const name = queueFor.control(shardOf(id, SHARDS));
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, {
      prefix: queuePrefix(name),
      connection: redisOptions(redisServer.url, 'blocking'),
    });
    queues.set(name, queue);
  }
  await queue.add(catalogue.control.jobName, { accountId: id, action: 'connect' }, catalogue.control.options);
}
const started = Date.now();
await waitFor(
  async () =>
    [...(await readStatuses(redis, ids)).values()].filter((s) => s.status === 'connected').length === COUNT,
  { timeoutMs: 300_000, intervalMs: 500, what: `${COUNT} connected` },
);
const connectMs = Date.now() - started;
await sleep(2_000);
const after = await settle();

const line = (label: string, a: number, b: number) =>
  `${label}: ${mib(a).toFixed(1)} → ${mib(b).toFixed(1)} MiB, ${((b - a) / COUNT / 1024).toFixed(1)} KiB per session`;
console.log(`${COUNT} idle connected sandbox sessions in one worker (connected in ${connectMs} ms)`);
console.log(line('RSS', before.rss, after.rss));
console.log(line('heap used', before.heapUsed, after.heapUsed));

await Promise.all([...queues.values()].map((queue) => queue.close()));
await worker.stop();
await store.close();
redis.disconnect();
devdb.kill('SIGKILL');
await redisServer.destroy();
process.exit(0);
