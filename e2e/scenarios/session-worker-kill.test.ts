import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndPairAll, type PairedAccount } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { deliveryReport } from '../support/deliveries.js';
import { deadProcesses, useE2eStack } from '../support/e2e-stack.js';
import { allMessages, chatMessages, repeated } from '../support/messages.js';
import { restart, when } from '../support/restart.js';
import { inLanes, type SendRecord, sendText, statusCounts } from '../support/sends.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

const ACCOUNTS = 20;
const PER_ACCOUNT = 50;
const TOTAL = ACCOUNTS * PER_ACCOUNT;

// 20 accounts in a ring, each sending 50 texts to the next: 1,000 sends, 20 at a time. A session
// worker is killed with SIGKILL after 300 answers and started again after 700.
describe('kill -9 of a session worker during 1,000 sends over 20 accounts', () => {
  const e2e = useE2eStack();
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
  });
  afterAll(() => sink?.close());

  it('receives every message that got a 2xx exactly once', async () => {
    const { api, stack } = e2e();
    expect(
      expectStatus(await api.call('POST', '/webhooks', { body: { url: sink.url } }), 201, 'hook').json.ok,
    ).toBe(true);
    const ids = Array.from({ length: ACCOUNTS }, (_, i) => `ring${String(i).padStart(2, '0')}`);
    const accounts = await createAndPairAll(api, ids);
    const next = (i: number) => accounts[(i + 1) % ACCOUNTS] as PairedAccount;

    let answered = 0;
    const victim = stack.sessionWorkers[0];
    if (!victim) throw new Error('no session worker');
    const started = Date.now();
    const chaos = (async () => {
      await when(() => answered >= 300);
      await victim.process.kill();
      const killedAt = Date.now();
      console.info(`killed ${victim.process.name} after ${answered} answers (${killedAt - started} ms)`);
      await when(() => answered >= 700 || Date.now() - killedAt > 60_000);
      await restart(victim);
      console.info(`restarted ${victim.process.name} after ${answered} answers (${Date.now() - started} ms)`);
    })();
    const records = (
      await inLanes(accounts, ACCOUNTS, async (account, i) => {
        const sent: SendRecord[] = [];
        for (let n = 0; n < PER_ACCOUNT; n++) {
          sent.push(
            await sendText(
              api,
              account.id,
              next(i).jid,
              `ring ${i}→${(i + 1) % ACCOUNTS} #${n}`,
              `${account.id}-${n}`,
            ),
          );
          answered++;
        }
        return sent;
      })
    ).flat();
    await chaos;
    console.info(`1,000 sends answered in ${Date.now() - started} ms`);
    expect(deadProcesses(stack), 'processes that died').toEqual([]);
    const counts = statusCounts(records);
    const unanswered = records.filter((record) => !record.messageId);
    expect(unanswered, `sends without a 2xx (statuses ${JSON.stringify(counts)})`).toEqual([]);
    expect(records).toHaveLength(TOTAL);
    const sentIds = records.map((record) => record.messageId as string);
    expect(new Set(sentIds).size).toBe(TOTAL);

    // Every recipient holds exactly the 50 its sender got a 2xx for: no loss, no duplicate.
    for (const [i, account] of accounts.entries()) {
      const recipient = next(i);
      const mine = records.filter((record) => record.accountId === account.id);
      const expectedIds = mine.map((record) => record.messageId as string).sort();
      const received = await waitFor(
        async () => {
          const inbound = (await allMessages(api, recipient.id)).filter((message) => !message.fromMe);
          return inbound.length >= PER_ACCOUNT ? inbound : undefined;
        },
        { what: `${PER_ACCOUNT} messages at ${recipient.id}`, timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(repeated(received.map((message) => message.messageId)), `duplicates at ${recipient.id}`).toEqual(
        [],
      );
      expect(received.map((message) => message.messageId).sort(), `inbound at ${recipient.id}`).toEqual(
        expectedIds,
      );
      expect(received.map((message) => message.text).sort()).toEqual(
        mine.map((record) => record.text).sort(),
      );
      const chat = await chatMessages(api, recipient.id, account.jid);
      expect(chat.map((message) => message.messageId).sort(), `chat of ${recipient.id}`).toEqual(expectedIds);
      const outbound = (await allMessages(api, account.id)).filter((message) => message.fromMe);
      expect(outbound.map((message) => message.messageId).sort(), `outbound of ${account.id}`).toEqual(
        expectedIds,
      );
      expect(outbound.filter((message) => message.status === 'failed')).toEqual([]);
    }

    // The webhook receiver, deduplicating by event id, has each message once.
    const expected = new Set(sentIds);
    await waitFor(() => deliveryReport(sink.deliveries, expected).delivered >= TOTAL, {
      what: `${TOTAL} webhooks`,
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const report = deliveryReport(sink.deliveries, expected);
    expect({ ...report, redeliveries: undefined }).toEqual({
      delivered: TOTAL,
      missing: [],
      unexpected: [],
      splitEvents: [],
      redeliveries: undefined,
      distinctEventIds: TOTAL,
    });
    console.info(
      `1,000 sends: statuses ${JSON.stringify(counts)}, webhook redeliveries ${report.redeliveries}`,
    );
  });
});
