import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndPairAll } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { deliveryReport } from '../support/deliveries.js';
import { deadProcesses, useE2eStack } from '../support/e2e-stack.js';
import { restart } from '../support/restart.js';
import { inLanes, sendText } from '../support/sends.js';
import { expectExactlyOnce, type Pair } from '../support/traffic.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

const PER_SENDER = 50;

// 4 accounts in a ring send 200 texts; the subscriber answers each webhook after 100 ms, so
// deliveries are in flight when the webhook worker is killed with SIGKILL.
describe('kill -9 of the webhook worker during delivery', () => {
  const e2e = useE2eStack();
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink({ delayMs: 100 });
  });
  afterAll(() => sink?.close());

  it('loses nothing; a repeated delivery carries the same event id', async () => {
    const { api, stack } = e2e();
    expectStatus(await api.call('POST', '/webhooks', { body: { url: sink.url } }), 201, 'webhook');
    const accounts = await createAndPairAll(api, ['hook0', 'hook1', 'hook2', 'hook3']);
    const pairs: Pair[] = accounts.map(
      (account, i) => [account, accounts[(i + 1) % accounts.length]!] as const,
    );
    const webhookWorker = stack.webhookWorkers[0];
    if (!webhookWorker) throw new Error('no webhook worker');

    const sending = inLanes(pairs, pairs.length, async ([from, to]) => {
      const sent = [];
      for (let n = 0; n < PER_SENDER; n++)
        sent.push(
          await sendText(api, from.id, to.jid, `hook ${from.id} #${n}`, `hook-${from.id}-${n}`, {
            noWait: true,
          }),
        );
      return sent;
    });
    await waitFor(() => sink.deliveries.length >= 40, {
      what: '40 webhooks',
      timeoutMs: 120_000,
      intervalMs: 20,
    });
    await webhookWorker.process.kill();
    const atKill = new Set(sink.messageIds()).size;
    const records = (await sending).flat();
    await sleep(2_000);
    const beforeRestart = new Set(sink.messageIds()).size;
    await restart(webhookWorker);
    console.info(
      `webhook worker killed after ${atKill} messages delivered, ${beforeRestart} before the restart`,
    );

    // The messages themselves are all stored (the API says so), each once.
    await expectExactlyOnce(api, pairs, records);
    const expected = new Set(records.map((record) => record.messageId as string));
    expect(expected.size).toBe(pairs.length * PER_SENDER);
    expect(atKill, 'the kill happened while deliveries were still due').toBeLessThan(expected.size);
    await waitFor(() => deliveryReport(sink.deliveries, expected).delivered >= expected.size, {
      what: `${expected.size} webhooks after the restart`,
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    const report = deliveryReport(sink.deliveries, expected);
    expect({ ...report, redeliveries: 'any' }).toEqual({
      delivered: expected.size,
      missing: [],
      unexpected: [],
      splitEvents: [],
      redeliveries: 'any',
      distinctEventIds: expected.size,
    });
    expect(sink.deliveries.every((delivery) => delivery.eventType === 'message')).toBe(true);
    console.info(
      `${sink.deliveries.length} deliveries for ${expected.size} messages (${report.redeliveries} repeated)`,
    );
    expect(deadProcesses(stack), 'processes that died').toEqual([]);
  });
});
