// Baseline of the webhook bench: a BullMQ worker that does nothing, draining <count> jobs of
// <queue> with <concurrency>. Prints {ready} once listening and {doneAt} when the last completed.
import { Worker } from 'bullmq';

const [redisUrl = '', queue = '', count = '0', concurrency = '50'] = process.argv.slice(2);
const url = new URL(redisUrl);
let completed = 0;
const worker = new Worker(queue, async () => undefined, {
  connection: { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null },
  concurrency: Number(concurrency),
});
worker.on('completed', () => {
  if (++completed === Number(count)) {
    console.log(JSON.stringify({ doneAt: Date.now() }));
    void worker.close().then(() => process.exit(0));
  }
});
await worker.waitUntilReady();
console.log(JSON.stringify({ ready: true }));
