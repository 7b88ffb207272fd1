// Baseline of the send benches: a plain BullMQ job (add → no-op worker → completed) at a constant
// rate, producer and worker in this process. Latency runs from each job's scheduled add time to
// the worker's completed event. Args: <redisUrl> <rate> <durationMs>; prints one JSON line.
import { Queue, Worker } from 'bullmq';
import { openLoop } from '../lib/open-loop.js';
import { summarize } from '../lib/stats.js';

const [redisUrl = '', rate = '500', durationMs = '5000'] = process.argv.slice(2);
const url = new URL(redisUrl);
const connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
const name = `bench-plain-${Date.now()}`;
const queue = new Queue(name, { connection });
const done = new Map<string, () => void>();
const worker = new Worker(name, async () => undefined, { connection, concurrency: 50 });
worker.on('completed', (job) => done.get(job.id ?? '')?.());
await queue.waitUntilReady();
await worker.waitUntilReady();
// ready; the parent reads Redis CPU, then says go
console.log(JSON.stringify({ ready: true }));
await new Promise((go) => process.stdin.once('data', go));
const result = await openLoop(Number(rate), Number(durationMs), async (i) => {
  const id = `j${i}`;
  const finished = new Promise<void>((resolve) => done.set(id, resolve));
  await queue.add('job', { i, text: 'bench' }, { jobId: id, removeOnComplete: true });
  await finished;
  done.delete(id);
  return true;
});
console.log(
  JSON.stringify({
    ...summarize(result.latencies),
    failed: result.failed,
    achievedRate: result.achievedRate,
  }),
);
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
process.exit(0);
