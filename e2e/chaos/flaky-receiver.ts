import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Prng } from './prng.js';

/** A delivery the receiver answered 200 to while the sender was still listening. */
export interface ReceivedEvent {
  eventId: string;
  accountId: string;
  messageId: string;
  fromMe: boolean;
}

export interface FlakyReceiverOptions {
  /** Share of requests answered 500 (retried by the webhook worker). */
  failRate: number;
  /** Share of requests held for `stallMs` before the answer (past the worker's timeout). */
  stallRate: number;
  stallMs: number;
}

export interface FlakyReceiver {
  url: string;
  received: ReceivedEvent[];
  counts: { requests: number; failed: number; stalled: number; stalledAnswered: number };
  close(): Promise<void>;
}

/**
 * A webhook subscriber that sometimes fails (500) and sometimes stalls. A stalled request counts as
 * received only when its answer still reached the sender (it had not timed out and hung up), so a
 * delivery the worker saw fail is never counted: it has to come again.
 */
export async function startFlakyReceiver(
  random: Prng,
  options: FlakyReceiverOptions,
): Promise<FlakyReceiver> {
  const received: ReceivedEvent[] = [];
  const counts = { requests: 0, failed: 0, stalled: 0, stalledAnswered: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let hungUp = false;
    response.on('close', () => {
      if (!response.writableFinished) hungUp = true;
    });
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      counts.requests++;
      const roll = random.next();
      if (roll < options.failRate) {
        counts.failed++;
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"ok":false}');
        return;
      }
      const stalled = roll < options.failRate + options.stallRate;
      if (stalled) {
        counts.stalled++;
        await sleep(options.stallMs);
        if (hungUp) return;
        counts.stalledAnswered++;
      }
      let body: { accountId?: unknown; messageId?: unknown; fromMe?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // Not a message payload: answered, not counted.
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}', () => {
        received.push({
          eventId: String(request.headers['x-wildcat-event-id'] ?? ''),
          accountId: String(body.accountId),
          messageId: String(body.messageId),
          fromMe: body.fromMe === true,
        });
      });
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
