import { catalogue, EVENTS_QUEUE, queuePrefix } from '@wildcat/jobs';
// the network's own delivery, as a sandbox sender would do it
import { deliverMessage } from '@wildcat/wa-sandbox';
import { Queue } from 'bullmq';
import { Pool } from 'undici';
import { spawnScript } from './lib/child.js';
import { openLoop } from './lib/open-loop.js';
import { startReceiver } from './lib/receiver.js';
import type { BenchStack } from './lib/stack.js';
import { type LatencySummary, ratio, round, summarize } from './lib/stats.js';

export interface InboundWebhook {
  latency: LatencySummary & { offered: number };
  throughput: {
    jobs: number;
    concurrency: number;
    webhookWorkerPerSec: number;
    noopBullmqPerSec: number;
    plainUndiciPerSec: number;
    ratioToNoop: number;
    ratioToUndici: number;
    goalMet: boolean;
  };
}

/** The webhook workers' in-flight cap, per process and per endpoint (one receiver here). */
export const WEBHOOK_CONCURRENCY = 50;

function messageEvent(accountId: string, messageId: string) {
  return catalogue.event.schema.parse({
    id: `message.${accountId}.${messageId}`,
    type: 'message',
    accountId,
    timestamp: Date.now(),
    data: {
      messageId,
      chatId: '19990000001@s.whatsapp.net',
      from: '19990000001@s.whatsapp.net',
      fromMe: false,
      timestamp: Date.now(),
      type: 'text',
      text: 'hi',
      hasMedia: false,
    },
  });
}

/**
 * Item 4. Latency: a sandbox inbound message (pushed into a connected account's inbox as the
 * network does) until the receiver has the webhook, at a constant rate. Throughput: `jobs` message
 * events added at once to the events queue until the receiver has them all, against a no-op
 * BullMQ worker draining as many jobs and a plain undici POST loop to the same receiver.
 */
export async function inboundWebhook(
  bench: BenchStack,
  ids: readonly string[],
  quick: boolean,
): Promise<InboundWebhook> {
  const receiver = await startReceiver();
  const created = await fetch(`${bench.api}/webhooks`, {
    method: 'POST',
    headers: bench.headers,
    body: JSON.stringify({ url: receiver.url }),
  });
  if (!created.ok) throw new Error(`POST /webhooks: ${created.status} ${await created.text()}`);
  try {
    // latency
    const rate = quick ? 20 : 100;
    const sentAt = new Map<string, number>();
    const injected = await openLoop(rate, quick ? 1_000 : 6_000, async (i) => {
      const id = `3EB0IN${String(i).padStart(14, '0')}`;
      sentAt.set(id, performance.now());
      return deliverMessage(bench.redis, 'bench-outside', ids[i % ids.length] as string, {
        k: 'msg',
        id,
        from: '19990000001@s.whatsapp.net',
        fromAccount: 'bench-outside',
        ts: Date.now(),
        body: { type: 'text', text: `in ${i}` },
      });
    });
    await receiver.until(injected.latencies.length, 60_000);
    const latency = summarize(
      [...sentAt].map(([id, at]) => (receiver.arrivals.get(id) ?? Number.NaN) - at).filter(Number.isFinite),
    );

    // throughput: the webhook worker
    const jobs = quick ? 200 : 3_000;
    const events = new Queue(EVENTS_QUEUE, {
      connection: bench.redis,
      prefix: queuePrefix(EVENTS_QUEUE),
      skipVersionCheck: true,
    });
    receiver.arrivals.clear();
    const batch = Array.from({ length: jobs }, (_, i) =>
      messageEvent(ids[i % ids.length] as string, `3EB0TP${String(i).padStart(14, '0')}`),
    );
    let started = performance.now();
    await events.addBulk(
      batch.map((event) => ({
        name: catalogue.event.jobName,
        data: event,
        opts: { ...catalogue.event.options, jobId: event.id },
      })),
    );
    const webhookWorkerPerSec = jobs / (((await receiver.until(jobs, 120_000)) - started) / 1000);
    await events.close();

    // baseline: a no-op BullMQ worker draining as many jobs
    const queue = `bench-noop-${Date.now()}`;
    const noop = spawnScript('servers/noop-worker.ts', [
      bench.redisServer.url,
      queue,
      String(jobs),
      String(WEBHOOK_CONCURRENCY),
    ]);
    await noop.next();
    const plainQueue = new Queue(queue, { connection: bench.redis, skipVersionCheck: true });
    const wallStart = Date.now();
    await plainQueue.addBulk(
      batch.map((event) => ({ name: 'noop', data: event, opts: { removeOnComplete: true } })),
    );
    const { doneAt } = await noop.next<{ doneAt: number }>();
    const noopBullmqPerSec = jobs / ((doneAt - wallStart) / 1000);
    await plainQueue.obliterate({ force: true });
    await plainQueue.close();

    // context: plain undici POSTs to the same receiver, as many in flight as the worker allows
    const pool = new Pool(new URL(receiver.url).origin, { connections: WEBHOOK_CONCURRENCY });
    receiver.arrivals.clear();
    let next = 0;
    started = performance.now();
    await Promise.all(
      Array.from({ length: WEBHOOK_CONCURRENCY }, async () => {
        while (next < jobs) {
          const event = batch[next++];
          const response = await pool.request({
            method: 'POST',
            path: '/hook',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ messageId: event?.data.messageId, ...event }),
          });
          await response.body.dump();
        }
      }),
    );
    const plainUndiciPerSec = jobs / ((performance.now() - started) / 1000);
    await pool.close();
    return {
      latency: { offered: rate, ...latency },
      throughput: {
        jobs,
        concurrency: WEBHOOK_CONCURRENCY,
        webhookWorkerPerSec: round(webhookWorkerPerSec, 0),
        noopBullmqPerSec: round(noopBullmqPerSec, 0),
        plainUndiciPerSec: round(plainUndiciPerSec, 0),
        ratioToNoop: ratio(webhookWorkerPerSec, noopBullmqPerSec),
        ratioToUndici: ratio(webhookWorkerPerSec, plainUndiciPerSec),
        goalMet: webhookWorkerPerSec / noopBullmqPerSec >= 0.5,
      },
    };
  } finally {
    await receiver.close();
  }
}
