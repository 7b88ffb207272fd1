import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Label alerts with account ids (METRICS_ACCOUNT_LABELS); unbounded cardinality. */
  accountLabels: boolean;
  /** Counts of sessions by status, read at scrape time. */
  sessionsByStatus(): Record<string, number>;
  leasesOwned(): number;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Prometheus metrics of one session worker; no account ids unless asked for. */
export function createMetrics(options: MetricsOptions) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sessions = new Gauge({
    name: 'wildcat_sessions',
    help: 'Sessions held by this worker, by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [status, count] of Object.entries(options.sessionsByStatus())) this.set({ status }, count);
    },
  });
  const sends = new Counter({
    name: 'wildcat_sends_total',
    help: 'Send jobs by outcome (sent, duplicate, handoff, parked = sent back to wait its account’s turn, failed_<http status>)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const sendLatency = new Histogram({
    name: 'wildcat_send_latency_seconds',
    help: 'From the gateway accepting a send to WhatsApp taking it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const leases = new Gauge({
    name: 'wildcat_leases_owned',
    help: 'Shard leases this worker holds',
    registers: [registry],
    collect() {
      this.set(options.leasesOwned());
    },
  });
  const rebalances = new Counter({
    name: 'wildcat_rebalances_total',
    help: 'Balancing rounds that acquired or released shards',
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'wildcat_session_alerts_total',
    help: 'Sessions stopped by WhatsApp in a way that needs a human (e.g. 403)',
    labelNames: options.accountLabels ? ['code', 'account'] : ['code'],
    registers: [registry],
  });
  return {
    registry,
    sessions,
    sends,
    sendLatency,
    leases,
    rebalances,
    alert(accountId: string, code: number) {
      alerts.inc(options.accountLabels ? { code: String(code), account: accountId } : { code: String(code) });
    },
  };
}
