import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthServerOptions {
  port: number;
  host?: string;
  /** Named dependency checks for /readyz; each resolves true when reachable. */
  checks: Record<string, () => Promise<boolean>>;
  registry: Registry;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

async function runChecks(checks: HealthServerOptions['checks']): Promise<Record<string, boolean>> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map((name) =>
      Promise.race([
        // A failed or slow check is the answer (down); the 503 reports it.
        checks[name]!().catch(() => false),
        new Promise<boolean>((resolve) => setTimeout(resolve, 2_000, false).unref()),
      ]),
    ),
  );
  return Object.fromEntries(names.map((name, index) => [name, results[index] ?? false]));
}

/** /healthz (process alive), /readyz (dependencies reachable) and Prometheus /metrics. */
export function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, JSON.stringify({ ok: false, error: 'method not allowed' }));
    if (path === '/healthz') return send(200, JSON.stringify({ ok: true }));
    if (path === '/readyz') {
      void runChecks(options.checks).then((checks) => {
        const ready = Object.values(checks).every(Boolean);
        send(ready ? 200 : 503, JSON.stringify({ ok: ready, checks }));
      });
      return;
    }
    if (path === '/metrics') {
      void options.registry.metrics().then(
        (text) => send(200, text, options.registry.contentType),
        () => send(500, JSON.stringify({ ok: false, error: 'metrics unavailable' })),
      );
      return;
    }
    send(404, JSON.stringify({ ok: false, error: 'not found' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
