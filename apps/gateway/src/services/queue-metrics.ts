import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

export interface QueueSample {
  queue: string;
  counts: Record<string, number>;
  oldestAgeSeconds: number;
}

/**
 * Depth per queue and state, and the age of the oldest waiting job, read from Redis when
 * Prometheus scrapes (not per request). Queue names are a fixed set: 2 + 2 × SHARDS.
 */
export function registerQueueMetrics(registry: Registry, queues: () => Queue[]): void {
  // prom-client collects all metrics of a scrape concurrently: both gauges share one read.
  let inFlight: Promise<QueueSample[]> | undefined;
  const sample = (): Promise<QueueSample[]> => {
    inFlight ??= readQueues(queues()).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  new Gauge({
    name: 'wildcat_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const { queue, counts } of await sample())
        for (const state of STATES) this.set({ queue, state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'wildcat_queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest job waiting in each queue (0 when none waits)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      for (const { queue, oldestAgeSeconds } of await sample()) this.set({ queue }, oldestAgeSeconds);
    },
  });
}

export async function readQueues(queues: Queue[]): Promise<QueueSample[]> {
  const now = Date.now();
  const samples = await Promise.all(
    queues.map(async (queue): Promise<QueueSample | undefined> => {
      try {
        const [counts, oldest] = await Promise.all([
          queue.getJobCounts(...STATES),
          queue.getJobs(['wait'], 0, 0, true),
        ]);
        const first = oldest[0];
        return {
          queue: queue.name,
          counts,
          oldestAgeSeconds: first ? Math.max(0, (now - first.timestamp) / 1000) : 0,
        };
      } catch {
        // Redis away: this queue keeps its last values; /readyz reports the outage.
        return undefined;
      }
    }),
  );
  return samples.filter((entry): entry is QueueSample => entry !== undefined);
}
