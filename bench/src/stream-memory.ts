import { readFileSync } from 'node:fs';
import http from 'node:http';
import { EVENTS_STREAM } from '@wildcat/redis-bus';
import { startBenchStack } from './lib/stack.js';
import { round } from './lib/stats.js';

export interface StreamMemory {
  streams: number;
  replayWindow: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  /** Answers to the stream requests by status (200 = a stream opened). */
  statuses: Record<string, number>;
  /** Events the clients received in all (replay included). */
  eventsReceived: number;
}

const rssMiB = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return round(Number(line?.[1] ?? Number.NaN) / 1024, 1);
};

/**
 * Issue 23 item 4: `streams` SSE streams of one key, each resuming from the start of a full event
 * window (Last-Event-ID 0-0), against one gateway process; its RSS before and once they settled.
 * `pnpm --filter @wildcat/bench exec tsx src/stream-memory.ts 400 '{"LIVE_STREAMS_PER_KEY":"0"}'`
 */
export async function streamMemory(
  streams = 400,
  env: Record<string, string> = {},
  windowSize = 10_000,
): Promise<StreamMemory> {
  const bench = await startBenchStack({ gateways: 1, sessionWorkers: 0, webhookWorkers: 0 }, env);
  const sockets: http.ClientRequest[] = [];
  try {
    const pid = bench.stack.gateways[0]?.process.pid;
    if (!pid) throw new Error('no gateway pid');
    for (let i = 0; i < windowSize; i += 500) {
      const pipeline = bench.redis.pipeline();
      for (let j = i; j < Math.min(windowSize, i + 500); j++) {
        const event = {
          id: `message.acct${j % 10}.M${j}`,
          type: 'message',
          accountId: `acct${j % 10}`,
          timestamp: Date.now(),
          data: { messageId: `M${j}`, text: `replayed event ${j} `.padEnd(200, '.') },
        };
        pipeline.xadd(EVENTS_STREAM, '*', 'event', JSON.stringify(event));
      }
      await pipeline.exec();
    }
    await new Promise((done) => setTimeout(done, 2_000));
    const rssBeforeMiB = rssMiB(pid);
    const statuses: Record<string, number> = {};
    let eventsReceived = 0;
    const url = new URL(`${bench.api}/events`);
    await Promise.all(
      Array.from(
        { length: streams },
        () =>
          new Promise<void>((answered) => {
            const request = http.get(
              url,
              { headers: { 'x-api-key': bench.stack.apiKey, 'last-event-id': '0-0' }, agent: false },
              (response) => {
                const status = String(response.statusCode);
                statuses[status] = (statuses[status] ?? 0) + 1;
                answered();
                response.on('data', (chunk: Buffer) => {
                  eventsReceived += chunk.toString().match(/^id: /gm)?.length ?? 0;
                });
              },
            );
            request.on('error', () => answered());
            sockets.push(request);
          }),
      ),
    );
    await new Promise((done) => setTimeout(done, 8_000));
    return {
      streams,
      replayWindow: windowSize,
      rssBeforeMiB,
      rssAfterMiB: rssMiB(pid),
      statuses,
      eventsReceived,
    };
  } finally {
    for (const request of sockets) request.destroy();
    await bench.stop();
  }
}

if (process.argv[1]?.endsWith('stream-memory.ts')) {
  // argv: stream count, then the gateway's extra environment as JSON (e.g. the caps turned off).
  const env = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
  console.log(JSON.stringify(await streamMemory(Number(process.argv[2] ?? 400), env)));
  process.exit(0);
}
