import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { createAndPairAll, waitForStatus } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { deadProcesses, useE2eStack } from '../support/e2e-stack.js';
import { allMessages } from '../support/messages.js';
import { probeWhile } from '../support/outage-probe.js';
import { when } from '../support/restart.js';
import { inLanes, sendText } from '../support/sends.js';
import { expectExactlyOnce, startTraffic } from '../support/traffic.js';

const BACKLOG = 150;
const OUTAGE_MS = 8_000;

// db1 is offline while db0 sends it 150 texts; db1 reconnects and devdb is stopped while db1 is
// still storing that backlog, so inbound writes meet the outage. Meanwhile db2 keeps sending to
// db3. devdb comes back after 8 s with its data.
describe('devdb stopped and restarted', { retry: 0 }, () => {
  const e2e = useE2eStack();

  it('retries the writes: no inbound message is lost, none stored twice', async () => {
    const { api, stack } = e2e();
    const devdb = stack.mongo.devdb;
    if (!devdb) throw new Error('the stack did not start devdb');
    const [db0, db1, db2, db3] = await createAndPairAll(api, ['db0', 'db1', 'db2', 'db3']);
    if (!db0 || !db1 || !db2 || !db3) throw new Error('accounts missing');

    expectStatus(await api.call('POST', '/accounts/db1/disconnect'), 200, 'disconnect db1');
    await waitForStatus(api, 'db1', (s) => s.status === 'not_started', 'offline');
    const backlog = await inLanes(
      Array.from({ length: BACKLOG }, (_, n) => n),
      10,
      (n) => sendText(api, 'db0', db1.jid, `backlog #${n}`, `backlog-db0-${n}`, { noWait: true }),
    );
    await waitFor(
      async () => {
        const outbound = (await allMessages(api, 'db0')).filter((m) => m.fromMe && m.status !== 'queued');
        return outbound.length >= BACKLOG;
      },
      { what: 'the backlog sent to offline db1', timeoutMs: 120_000, intervalMs: 500 },
    );

    const traffic = startTraffic(api, [[db2, db3]], 'devdb');
    expectStatus(await api.call('POST', '/accounts/db1/connect'), 200, 'connect db1');
    const storedAtStop = await waitFor(
      async () => {
        const page = expectStatus(await api.call('GET', '/messages?accountId=db1&limit=1'), 200, 'db1').json;
        return page.pagination.total > 0 ? (page.pagination.total as number) : undefined;
      },
      { what: 'db1 storing its backlog', timeoutMs: 60_000, intervalMs: 20 },
    );
    await devdb.stop();
    let down = true;
    const probes = probeWhile(
      api,
      [{ what: 'chats', method: 'GET', path: '/accounts/db3/chats' }],
      () => !down,
    );
    await sleep(OUTAGE_MS);
    const restartAt = Date.now();
    devdb.start();
    await waitFor(async () => (await api.call('GET', '/accounts')).status === 200, {
      what: 'the API reading devdb again',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    down = false;
    const answers = await probes;
    const resumedAt = traffic.answered();
    await when(() => traffic.answered() >= resumedAt + 20);
    const records = await traffic.stop();

    // The outage met db1's backlog half way: it was being stored when devdb went away.
    expect(storedAtStop, 'backlog messages stored before the stop').toBeLessThan(BACKLOG);
    // Reads while devdb was down: 503 {ok:false,error} with Retry-After within a few seconds.
    const duringOutage = answers.filter((answer) => answer.startedAt + answer.ms < restartAt);
    expect(duringOutage.length, 'probes while devdb was down').toBeGreaterThanOrEqual(4);
    for (const answer of duringOutage) {
      expect(answer, `${answer.what} via ${answer.gateway}`).toMatchObject({
        status: 503,
        body: { ok: false, error: expect.any(String) },
        retryAfter: expect.stringMatching(/^\d+$/),
      });
      expect(answer.ms).toBeLessThan(5_000);
    }

    // Every message arrived exactly once: db1's whole backlog and db2's steady sends to db3.
    const counts = await expectExactlyOnce(
      api,
      [
        [db0, db1],
        [db2, db3],
      ],
      [...backlog, ...records],
    );
    console.info(
      `devdb stopped with ${storedAtStop}/${BACKLOG} of the backlog stored; ${records.length} steady sends: ${JSON.stringify(counts)}`,
    );
    expect(deadProcesses(stack), 'processes that died').toEqual([]);
  });
});
