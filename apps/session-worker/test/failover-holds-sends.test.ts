import { readStatuses } from '@wildcat/redis-bus';
import { COLLECTIONS } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { enableSandboxTrace, sandboxDeliveries } from '@wildcat/wa-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccounts, startEnvironment, type TestEnvironment } from './support/environment.js';
import { leaseHolders, spawnWorker, type WorkerProcess } from './support/worker-process.js';

/** What a client waiting on a send (`wait=true`) is answered: the worker's result, or 504 + messageId. */
const CLIENT_WAIT_MS = 30_000;
const PAIRS = 10;
const ACCOUNTS = Array.from({ length: PAIRS * 2 }, (_, i) => `fh${String(i).padStart(2, '0')}`);
/** Each account sends to its partner, and its partner back: paired traffic in both directions. */
const partner = (i: number) => (i % 2 === 0 ? i + 1 : i - 1);

let env: TestEnvironment;
const workers: WorkerProcess[] = [];
const jids = new Map<string, string>();

beforeAll(async () => {
  env = await startEnvironment(8);
  await enableSandboxTrace(env.redis);
});

afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await env?.close();
});

interface Answer {
  messageId: string;
  from: string;
  to: string;
  /** 'sent' (200), 'waiting' (504 with the messageId: still queued) or the rejection's status. */
  outcome: 'sent' | 'waiting' | number;
  ms: number;
}

/** Both workers hold shards (half each) before accounts are created: each gets some. */
async function waitBalanced(): Promise<void> {
  await waitFor(
    async () => {
      const holders = await leaseHolders(env);
      return holders.every(Boolean) && new Set(holders).size === 2;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: 'shards spread over both workers' },
  );
}

/** One sequential sender per account, each waiting for its send's answer as a wait=true client. */
function startLanes(): { answers: Answer[]; stop(): Promise<void> } {
  const answers: Answer[] = [];
  let stopped = false;
  const lanes = ACCOUNTS.map(async (from, i) => {
    const to = ACCOUNTS[partner(i)]!;
    for (let n = 0; !stopped; n++) {
      const messageId = `FH${from}N${String(n).padStart(5, '0')}`;
      const started = Date.now();
      await env.send({ kind: 'text', accountId: from, messageId, to: jids.get(to)!, text: `${from} #${n}` });
      const result = await env.waitResult(messageId, CLIENT_WAIT_MS).catch(() => undefined);
      const outcome = !result ? 'waiting' : result.ok ? 'sent' : (result.httpStatus ?? 500);
      answers.push({ messageId, from, to, outcome, ms: Date.now() - started });
    }
  });
  return {
    answers,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
    },
  };
}

describe('a send to an account that is moving between workers', () => {
  it('waits for it: kill -9 of a worker under paired wait=true traffic rejects no send and delivers each once', async () => {
    workers.push(
      await spawnWorker(env, 'h1', { LEASE_TTL_MS: '10000' }),
      await spawnWorker(env, 'h2', { LEASE_TTL_MS: '10000' }),
    );
    await waitBalanced();
    await pairAccounts(env, ACCOUNTS, jids);
    const owners = await readStatuses(env.redis, ACCOUNTS);
    const victims = ACCOUNTS.filter((id) => owners.get(id)?.owner === 'h1');
    expect(victims.length).toBeGreaterThan(0);

    const traffic = startLanes();
    await waitFor(() => traffic.answers.length >= 200, { timeoutMs: 60_000, what: '200 answers' });
    const killedAt = Date.now();
    workers[0]!.child.kill('SIGKILL');
    await waitFor(
      async () => {
        const now = await readStatuses(env.redis, victims);
        return victims.every((id) => now.get(id)?.status === 'connected' && now.get(id)?.owner === 'h2');
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `${victims.length} accounts of h1 connected on h2` },
    );
    const movedMs = Date.now() - killedAt;
    const answeredAtMove = traffic.answers.length;
    await waitFor(() => traffic.answers.length >= answeredAtMove + 200, {
      timeoutMs: 60_000,
      what: 'traffic after the move',
    });
    await traffic.stop();
    const { answers } = traffic;
    const tally: Record<string, number> = {};
    for (const answer of answers) tally[answer.outcome] = (tally[answer.outcome] ?? 0) + 1;
    console.log(
      `${victims.length} accounts moved ${movedMs} ms after kill -9; answers ${JSON.stringify(tally)}`,
    );

    // Never a rejection: sent, or still queued (504/202 with the messageId) and delivered later.
    expect(answers.filter((answer) => typeof answer.outcome === 'number')).toEqual([]);
    const ids = answers.map((answer) => answer.messageId);
    await waitFor(
      async () =>
        (await env.inspect.count(COLLECTIONS.messages, { messageId: { $in: ids }, fromMe: false })) ===
        ids.length,
      { timeoutMs: 60_000, intervalMs: 250, what: `${ids.length} messages received` },
    );
    const stored = await env.inspect.find(
      COLLECTIONS.messages,
      { messageId: { $in: ids }, fromMe: false },
      { accountId: 1, messageId: 1 },
    );
    const recipient = new Map(answers.map((answer) => [answer.messageId, answer.to]));
    expect(stored).toHaveLength(ids.length);
    for (const doc of stored) expect(doc.accountId).toBe(recipient.get(doc.messageId));
    const deliveries = await sandboxDeliveries(env.redis);
    expect(answers.filter((answer) => deliveries.get(`${answer.to}/${answer.messageId}`) !== 1)).toEqual([]);
  }, 240_000);
});
