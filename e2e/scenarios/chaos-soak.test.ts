import { describe, expect, it } from 'vitest';
import { failures, formatReport } from '../chaos/report.js';
import { runChaos } from '../chaos/run-chaos.js';

// `pnpm chaos` for 2 minutes with a fixed seed: random kill -9 / restart and SIGSTOP / SIGCONT of
// gateways, session workers, the webhook worker, Redis and devdb while clients send with
// idempotency keys, outside phones write in and a flaky receiver takes the webhooks.
describe('chaos soak (2 minutes, seed 20261206)', () => {
  // A fault run is not retried on a fresh stack: a loss is a finding, not noise.
  it('loses and duplicates nothing accepted: sends, inbound messages, webhook events', {
    retry: 0,
    timeout: 600_000,
  }, async () => {
    const result = await runChaos({
      minutes: 2,
      seed: 20261206,
      drainLimitMs: 120_000,
      progressEveryMs: 15_000,
      log: (line) => console.info(line),
    });
    const report = formatReport(result);
    console.info(report);
    expect(failures(result), `${report}\n${result.output ?? ''}`).toEqual([]);
    // The run did what it claims: faults happened and traffic of every kind went through them.
    expect(result.faults.length, report).toBeGreaterThanOrEqual(4);
    expect(result.sends.accepted, report).toBeGreaterThan(100);
    expect(result.inbound.injected, report).toBeGreaterThan(20);
    expect(result.webhooks.delivered, report).toBe(result.webhooks.expected);
    expect(result.receiver.failed, 'the receiver failed some deliveries').toBeGreaterThan(0);
  });
});
