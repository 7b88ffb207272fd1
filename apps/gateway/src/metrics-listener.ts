import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

/**
 * A listener of its own that serves only `GET /metrics`, without a key: Prometheus scrapes it, so
 * the scrape config never holds an admin key (the API's /metrics needs one). Nothing else is
 * served here; the NetworkPolicy decides who may reach it.
 */
export async function startMetricsListener(
  registry: Registry,
  port: number,
  host: string,
): Promise<MetricsListener> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"ok":false,"error":"Not found: this listener serves GET /metrics only"}');
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(text);
      },
      // The scraper records the failed scrape; the next one collects afresh.
      () => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end('{"ok":false,"error":"internal_error"}');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
