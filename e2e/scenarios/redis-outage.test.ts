import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createAndPairAll } from '../support/accounts.js';
import { deadProcesses, useE2eStack } from '../support/e2e-stack.js';
import { probeWhile } from '../support/outage-probe.js';
import { when } from '../support/restart.js';
import { expectExactlyOnce, type Pair, startTraffic } from '../support/traffic.js';

const OUTAGE_MS = 10_000;
const OUTSIDE = '19995550000@s.whatsapp.net';

// Four senders keep sending (each message with its Idempotency-Key, retried after a 503) while
// the private redis-server (AOF on) is stopped for 10 s and started again.
describe('Redis stopped for 10 s and restarted', { retry: 0 }, () => {
  const e2e = useE2eStack();

  it('answers 503 at once while it is down, recovers by itself and loses no acknowledged send', async () => {
    const { api, stack } = e2e();
    const redis = stack.redis.own;
    if (!redis) throw new Error('the stack did not start its own redis-server');
    const accounts = await createAndPairAll(api, ['red0', 'red1', 'red2', 'red3']);
    const pairs: Pair[] = accounts.map(
      (account, i) => [account, accounts[(i + 1) % accounts.length]!] as const,
    );
    const traffic = startTraffic(api, pairs, 'redis');
    await when(() => traffic.answered() >= 40);

    await redis.stop();
    let down = true;
    const probes = probeWhile(
      api,
      [
        { what: 'status', method: 'GET', path: '/accounts/red0/status' },
        // To a number outside the sandbox: a probe that got through cannot hide among counted messages.
        {
          what: 'send',
          method: 'POST',
          path: '/accounts/red0/message/send',
          body: { to: OUTSIDE, message: 'probe' },
        },
      ],
      () => !down,
    );
    await sleep(OUTAGE_MS);
    const restartAt = Date.now();
    await redis.start();
    down = false;
    const answers = await probes;

    // Recovery without restarting anything: sends go through both gateways again.
    const resumedAt = traffic.records.length;
    await when(() => traffic.answered() >= resumedAt + 40);
    const records = await traffic.stop();
    const recovered = new Set(
      records
        .slice(resumedAt)
        .flatMap((record) => record.attempts)
        .filter((attempt) => attempt.status === 200)
        .map((attempt) => attempt.gateway),
    );
    expect(recovered, 'gateways that sent again after the restart').toEqual(new Set(api.gateways));

    // While down: 503 {ok:false,error} with Retry-After within a few seconds, never a hang.
    const duringOutage = answers.filter((answer) => answer.startedAt < restartAt);
    expect(duringOutage.length, 'probes while Redis was down').toBeGreaterThanOrEqual(8);
    for (const answer of duringOutage) {
      const label = `${answer.what} via ${answer.gateway} at +${answer.startedAt - restartAt + OUTAGE_MS} ms`;
      expect(answer.ms, `${label} took`).toBeLessThan(5_000);
      if (answer.startedAt + answer.ms >= restartAt) continue;
      expect(answer, label).toMatchObject({
        status: 503,
        body: { ok: false, error: expect.any(String) },
        retryAfter: expect.stringMatching(/^\d+$/),
      });
    }

    // Every message that got a 2xx (all of them, in the end) arrived exactly once; the probe
    // sends that got a 503 were never sent.
    const counts = await expectExactlyOnce(api, pairs, records);
    console.info(`${records.length} sends across the outage: statuses ${JSON.stringify(counts)}`);
    expect(deadProcesses(stack), 'processes that died').toEqual([]);
  });
});
