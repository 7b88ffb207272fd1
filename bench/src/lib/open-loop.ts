import { setTimeout as sleep } from 'node:timers/promises';

export interface OpenLoopResult {
  /** Milliseconds from each request's scheduled start to its completion. */
  latencies: number[];
  sent: number;
  failed: number;
  /** Completions per second over the whole phase (until the last answer). */
  achievedRate: number;
}

/**
 * A constant-rate (open-loop) client: request i is due at start + i/rate whether or not earlier
 * ones answered, and its latency counts from that due time, so a stall shows up in every request
 * it delayed (no coordinated omission). The timer fires every millisecond or so and launches
 * everything due.
 */
export async function openLoop(
  rate: number,
  durationMs: number,
  fire: (i: number) => Promise<boolean>,
): Promise<OpenLoopResult> {
  const total = Math.round((rate * durationMs) / 1000);
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  let failed = 0;
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + (next * 1000) / rate <= now) {
      const due = start + (next * 1000) / rate;
      inflight.push(
        fire(next).then(
          (ok) => {
            if (ok) latencies.push(performance.now() - due);
            else failed++;
          },
          () => void failed++,
        ),
      );
      next++;
    }
    await sleep(1);
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  return { latencies, sent: total, failed, achievedRate: latencies.length / elapsed };
}
