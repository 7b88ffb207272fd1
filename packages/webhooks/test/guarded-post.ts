import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import type { createGuardedConnector } from '../src/index.js';

/**
 * A loopback HTTP server that answers every request 200 `ok`, registered in the calling suite
 * (started before its tests, closed after); `port` is its port once started.
 */
export function useOkServer(): { readonly port: number } {
  let server: Server | undefined;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  return {
    get port() {
      return port;
    },
  };
}

/** POSTs `{}` to `url` through an agent that connects with `connect`; resolves the status code. */
export async function postThrough(
  url: string,
  connect: ReturnType<typeof createGuardedConnector>,
): Promise<number> {
  const agent = new Agent({ connect });
  try {
    const response = await request(url, { method: 'POST', body: '{}', dispatcher: agent });
    await response.body.text();
    return response.statusCode;
  } finally {
    await agent.close();
  }
}
