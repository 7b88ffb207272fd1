import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { registerQueueMetrics } from '../../services/queue-metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: GatewayMetrics;
  }
}

export interface GatewayMetrics {
  registry: Registry;
  /** Send outcomes by kind (text, image, …) and outcome (sent, queued, failed, timeout, duplicate). */
  sends: Counter<'kind' | 'outcome'>;
}

const kStart = Symbol('metricsStart');

/**
 * Prometheus metrics on a registry of this app (tests build many apps in one process).
 * Labels are route patterns and status codes, never account ids or raw URLs.
 */
export default fp(
  async function metrics(fastify: FastifyInstance) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    const sends = new Counter({
      name: 'wildcat_gateway_sends_total',
      help: 'Send requests by message kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    });
    new Gauge({
      name: 'wildcat_gateway_waiting_requests',
      help: 'Requests waiting for a worker result',
      registers: [registry],
      collect() {
        this.set(fastify.hasDecorator('results') ? fastify.results.size() : 0);
      },
    });

    registerQueueMetrics(registry, () => (fastify.hasDecorator('queues') ? fastify.queues.all() : []));

    fastify.decorate('metrics', { registry, sends });
    // One child per (method, route, status) kept here: labels() hashes its arguments on every call.
    const observers = new Map<string, { observe(seconds: number): void }>();
    fastify.decorateRequest(kStart, 0);
    // Callback-style hooks: no promise per request on the hot path.
    fastify.addHook('onRequest', (request, _reply, done) => {
      (request as unknown as Record<symbol, number>)[kStart] = performance.now();
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const started = (request as unknown as Record<symbol, number>)[kStart] ?? performance.now();
      // Unmatched URLs share one label so scanners cannot blow up the series count.
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `${request.method} ${route} ${reply.statusCode}`;
      let observer = observers.get(key);
      if (!observer) {
        observer = duration.labels(request.method, route, String(reply.statusCode));
        observers.set(key, observer);
      }
      observer.observe((performance.now() - started) / 1000);
      done();
    });
  },
  { name: 'metrics' },
);
