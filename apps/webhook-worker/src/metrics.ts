import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Delivery outcomes; a fixed set, so the label never grows with traffic. */
export const DELIVERY_OUTCOMES = [
  'delivered',
  'retry',
  'dead',
  'gone',
  'rejected',
  'skipped',
  'rescheduled',
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export type ResponseClass = '2xx' | '3xx' | '4xx' | '5xx' | 'error';

export interface MetricsSources {
  /** Dead-lettered deliveries in the store (read at scrape time). */
  deadLetters: () => Promise<number>;
  openBreakers: () => number;
}

export interface WorkerMetrics {
  registry: Registry;
  delivery(outcome: DeliveryOutcome): void;
  latency(responseClass: ResponseClass, seconds: number): void;
  fannedOut(deliveries: number): void;
}

export function responseClass(statusCode: number | undefined): ResponseClass {
  if (statusCode === undefined) return 'error';
  if (statusCode < 300) return '2xx';
  if (statusCode < 400) return '3xx';
  return statusCode < 500 ? '4xx' : '5xx';
}

/** A registry of its own per worker, so tests can run several in one process. */
export function createWorkerMetrics(sources: MetricsSources): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: 'wildcat_webhook_deliveries_total',
    help: 'Delivery attempts by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of DELIVERY_OUTCOMES) deliveries.inc({ outcome }, 0);
  const latency = new Histogram({
    name: 'wildcat_webhook_delivery_duration_seconds',
    help: 'Time from sending a delivery to reading its response, by response class.',
    labelNames: ['class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const events = new Counter({
    name: 'wildcat_webhook_events_total',
    help: 'Events fanned out to subscriptions.',
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'wildcat_webhook_fanout_deliveries_total',
    help: 'Delivery jobs created by the fan-out.',
    registers: [registry],
  });
  new Gauge({
    name: 'wildcat_webhook_dead_letters',
    help: 'Dead-lettered deliveries kept in the store.',
    registers: [registry],
    async collect() {
      try {
        this.set(await sources.deadLetters());
      } catch {
        // MongoDB away: the gauge keeps its last count (a 0 would hide dead letters) and the
        // scrape still answers; /readyz reports the outage.
      }
    },
  });
  new Gauge({
    name: 'wildcat_webhook_open_breakers',
    help: 'Endpoints whose circuit breaker is open in this process.',
    registers: [registry],
    collect() {
      this.set(sources.openBreakers());
    },
  });

  return {
    registry,
    delivery: (outcome) => deliveries.inc({ outcome }),
    latency: (cls, seconds) => latency.observe({ class: cls }, seconds),
    fannedOut(count) {
      events.inc();
      jobs.inc(count);
    },
  };
}
