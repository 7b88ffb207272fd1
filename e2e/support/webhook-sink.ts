import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One POST the sink received. */
export interface Delivery {
  eventId: string;
  eventType: string;
  attempt: string;
  // biome-ignore lint/suspicious/noExplicitAny: the payload as the subscriber gets it
  body: any;
}

export interface WebhookSink {
  url: string;
  deliveries: Delivery[];
  /** Deliveries of seed `message` payloads, by the message id they carry. */
  messageIds(): string[];
  close(): Promise<void>;
}

/**
 * A subscriber endpoint: records every delivery with its X-Wildcat-Event-Id and answers 200,
 * after `delayMs` so that deliveries are in flight when a worker dies.
 */
export async function startWebhookSink(options: { delayMs?: number } = {}): Promise<WebhookSink> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      if (options.delayMs) await sleep(options.delayMs);
      const header = (name: string) => String(request.headers[name] ?? '');
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = { unparsable: Buffer.concat(chunks).toString('utf8') };
      }
      deliveries.push({
        eventId: header('x-wildcat-event-id'),
        eventType: header('x-wildcat-event'),
        attempt: header('x-wildcat-attempt'),
        body,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    messageIds: () => deliveries.map((delivery) => String(delivery.body?.messageId)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `data` of every envelope of `type` delivered for `accountId` (per-account webhooks). */
// biome-ignore lint/suspicious/noExplicitAny: the event data as the subscriber gets it
export function envelopes(sink: WebhookSink, accountId: string, type: string): any[] {
  return sink.deliveries
    .filter((d) => d.eventType === type && d.body.accountId === accountId && d.body.data)
    .map((d) => d.body.data);
}

/** The flat (original) payload of message `messageId` at `accountId`: no envelope, fields at the top. */
// biome-ignore lint/suspicious/noExplicitAny: the payload as the subscriber gets it
export function flatPayload(sink: WebhookSink, accountId: string, messageId: string): any {
  return sink.deliveries.find(
    (d) => !d.body.data && d.body.messageId === messageId && d.body.accountId === accountId,
  )?.body;
}
