import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receiver {
  url: string;
  /** Arrival time (performance.now()) by the payload's messageId. */
  arrivals: Map<string, number>;
  /** Resolves once `count` distinct messages arrived (or rejects after timeoutMs). */
  until(count: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/** A webhook receiver that answers 204 at once and notes when each messageId first arrived. */
export async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          messageId?: string;
          data?: { messageId?: string };
        };
        const id = body.messageId ?? body.data?.messageId;
        if (id && !arrivals.has(id)) arrivals.set(id, at);
      } catch {
        // not JSON: not ours
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    async until(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (arrivals.size < count) {
        if (Date.now() > deadline)
          throw new Error(`receiver got ${arrivals.size}/${count} in ${timeoutMs} ms`);
        await new Promise((done) => setTimeout(done, 5));
      }
      return performance.now();
    },
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
