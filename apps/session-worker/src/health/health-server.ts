import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthChecks {
  /** Named readiness checks; all must resolve true. */
  ready(): Promise<Record<string, boolean>>;
  registry: Registry;
}

/** `/healthz` (process up), `/readyz` (dependencies and leases), `/metrics` (Prometheus). */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
  host = '0.0.0.0',
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    if (path === '/healthz') return reply(200, JSON.stringify({ ok: true }));
    if (path === '/readyz') {
      checks
        .ready()
        .then((results) => {
          const ok = Object.values(results).every(Boolean);
          reply(ok ? 200 : 503, JSON.stringify({ ok, checks: results }));
        })
        // A check that throws is a failed check: not ready, which is all a prober needs to hear.
        .catch(() => reply(503, JSON.stringify({ ok: false })));
      return;
    }
    if (path === '/metrics') {
      checks.registry
        .metrics()
        .then((text) => reply(200, text, checks.registry.contentType))
        // The scraper records the failed scrape; the next one collects afresh.
        .catch(() => reply(500, JSON.stringify({ ok: false, error: 'internal_error' })));
      return;
    }
    reply(404, JSON.stringify({ ok: false, error: 'Not found' }));
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
