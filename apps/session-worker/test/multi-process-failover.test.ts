import { setTimeout as sleep } from 'node:timers/promises';
import { queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { readStatuses, redisOptions } from '@wildcat/redis-bus';
import { COLLECTIONS } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { enableSandboxTrace, sandboxDeliveries, sandboxStats } from '@wildcat/wa-sandbox';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccounts, startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  leaseHolders,
  type SocketSampler,
  sampleMaxSockets,
  spawnWorker,
  type WorkerProcess,
} from './support/worker-process.js';

const ACCOUNTS = Array.from({ length: 40 }, (_, i) => `mp${String(i).padStart(2, '0')}`);
let env: TestEnvironment;
const workers: WorkerProcess[] = [];
const jids = new Map<string, string>();
let sockets: SocketSampler | undefined;

beforeAll(async () => {
  env = await startEnvironment(8);
  await enableSandboxTrace(env.redis);
});

afterAll(async () => {
  await sockets?.stop();
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await env?.close();
});

async function statuses() {
  return readStatuses(env.redis, ACCOUNTS);
}

/** Waits until `count` workers hold every shard between them, none above ceil(S/N). */
async function waitBalanced(count: number): Promise<void> {
  await waitFor(
    async () => {
      const holders = await leaseHolders(env);
      if (holders.some((holder) => holder === null)) return false;
      const perHolder = new Map<string, number>();
      for (const holder of holders) perHolder.set(holder!, (perHolder.get(holder!) ?? 0) + 1);
      return (
        perHolder.size === count && [...perHolder.values()].every((n) => n <= Math.ceil(env.shards / count))
      );
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `shards balanced over ${count} workers` },
  );
}

/** Watches every account's live sockets throughout the test: never more than one. */
const t0 = Date.now();
function log(text: string): void {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${text}`);
}

let sendSeq = 0;
/** Issues `count` sends spread over `ms`, each from one account to the next, as the gateway enqueues them. */
async function issueSends(
  count: number,
  ms: number,
  during?: { atIndex: number; run: () => void },
): Promise<string[]> {
  const ids: string[] = [];
  const batch = 20;
  for (let i = 0; i < count; i += batch) {
    if (during && i <= during.atIndex && during.atIndex < i + batch) during.run();
    const adds: Promise<string>[] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) {
      const n = sendSeq++;
      const from = ACCOUNTS[n % ACCOUNTS.length]!;
      const to = jids.get(ACCOUNTS[(n + 1) % ACCOUNTS.length]!)!;
      const messageId = `MP${String(n).padStart(6, '0')}`;
      ids.push(messageId);
      adds.push(env.send({ kind: 'text', accountId: from, messageId, to, text: `message ${n}` }));
    }
    await Promise.all(adds);
    await sleep(ms / (count / batch));
  }
  return ids;
}

/** Where the missing messages got stuck: their job, the sender's copy, the network. */
async function explainMissing(ids: string[]): Promise<void> {
  const received = new Set(
    (await env.inspect.find(COLLECTIONS.messages, { messageId: { $in: ids }, fromMe: false })).map(
      (d) => d.messageId,
    ),
  );
  const deliveries = await sandboxDeliveries(env.redis);
  for (const id of ids.filter((candidate) => !received.has(candidate)).slice(0, 10)) {
    const n = Number(id.slice(2));
    const from = ACCOUNTS[n % ACCOUNTS.length]!;
    const to = ACCOUNTS[(n + 1) % ACCOUNTS.length]!;
    const queueName = queueFor.send(shardOf(from, env.shards));
    const queue = new Queue(queueName, {
      prefix: queuePrefix(queueName),
      connection: redisOptions(env.redisUrl, 'blocking'),
    });
    const job = await queue.getJob(id);
    const state = job ? await job.getState() : 'missing';
    const sender = await env.store.messages.get(from, id);
    const inbox = await env.redis.llen(`wc:{sbx}:inbox:${to}`);
    log(
      `${id} ${from}->${to}: job ${state} attempts=${job?.attemptsMade} failed=${job?.failedReason} | sender status=${sender?.status} | network deliveries=${deliveries.get(`${to}/${id}`) ?? 0} | recipient inbox=${inbox} status=${(await statuses()).get(to)?.status}/${(await statuses()).get(to)?.owner}`,
    );
    await queue.close();
  }
}

/** Every id received by its recipient exactly once: one delivery by the network, one stored inbound message. */
async function expectEachReceivedOnce(ids: string[], timeoutMs: number): Promise<void> {
  const expected = new Map(ids.map((id) => [id, ACCOUNTS[(Number(id.slice(2)) + 1) % ACCOUNTS.length]!]));
  let last = 0;
  try {
    await waitFor(
      async () => {
        const count = await env.inspect.count(COLLECTIONS.messages, {
          messageId: { $in: ids },
          fromMe: false,
        });
        if (Date.now() - last > 5_000) {
          last = Date.now();
          log(`received ${count}/${ids.length}`);
        }
        return count === ids.length;
      },
      { timeoutMs, intervalMs: 250, what: `${ids.length} messages received` },
    );
  } catch (error) {
    await explainMissing(ids);
    throw error;
  }
  const stored = await env.inspect.find(
    COLLECTIONS.messages,
    { messageId: { $in: ids }, fromMe: false },
    { accountId: 1, messageId: 1 },
  );
  expect(stored).toHaveLength(ids.length);
  for (const doc of stored) expect(doc.accountId).toBe(expected.get(doc.messageId));
  const deliveries = await sandboxDeliveries(env.redis);
  const counts = ids.map((id) => deliveries.get(`${expected.get(id)}/${id}`) ?? 0);
  expect(counts.filter((count) => count !== 1)).toEqual([]);
}

describe('two session-worker processes on the sandbox', () => {
  it('spread 40 accounts; kill -9 moves its accounts within 15 s; 1,000 sends across the kill arrive exactly once', async () => {
    workers.push(await spawnWorker(env, 'w1'), await spawnWorker(env, 'w2'));
    await waitBalanced(2);
    log('shards balanced over w1 and w2');
    // As a user would: scan whatever QR is showing until every account is connected.
    await pairAccounts(env, ACCOUNTS, jids);
    log('all connected');
    const owners = new Map<string, string[]>();
    for (const [id, status] of await statuses())
      owners.set(status.owner!, [...(owners.get(status.owner!) ?? []), id]);
    expect([...owners.keys()].sort()).toEqual(['w1', 'w2']);
    const victims = owners.get('w1')!;
    sockets = sampleMaxSockets(env, ACCOUNTS);

    let killedAt = 0;
    let failover: Promise<number> | undefined;
    const ids = await issueSends(1_000, 6_000, {
      atIndex: 400,
      run: () => {
        killedAt = Date.now();
        workers[0]!.child.kill('SIGKILL');
        log('killed w1');
        failover = waitFor(
          async () => {
            const now = await statuses();
            return victims.every((id) => now.get(id)?.status === 'connected' && now.get(id)?.owner === 'w2');
          },
          { timeoutMs: 15_000, intervalMs: 100, what: `${victims.length} accounts of w1 connected on w2` },
        ).then(() => Date.now() - killedAt);
      },
    });
    log('sends issued');
    const failoverMs = await failover!;
    log(`failover of ${victims.length} accounts after kill -9: ${failoverMs} ms`);
    expect(failoverMs).toBeLessThan(15_000);
    await expectEachReceivedOnce(ids, 60_000);
    const results = env.results.filter((result) => result.messageId?.startsWith('MP'));
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(sockets?.max).toBeLessThanOrEqual(1);
    expect((await sandboxStats(env.redis)).conflicts).toBe(0);
  }, 150_000);

  it('a third worker process takes its share without dropping or duplicating a send', async () => {
    const w3 = await spawnWorker(env, 'w3');
    const w4Start = { proc: undefined as WorkerProcess | undefined };
    workers.push(w3);
    const ids = await issueSends(400, 6_000, {
      atIndex: 200,
      run: () => {
        void spawnWorker(env, 'w4').then((proc) => {
          w4Start.proc = proc;
          workers.push(proc);
        });
      },
    });
    await waitFor(() => w4Start.proc, { what: 'w4 spawned' });
    await waitBalanced(3);
    await waitFor(async () => [...(await statuses()).values()].every((s) => s.status === 'connected'), {
      timeoutMs: 60_000,
      what: 'all connected after rebalancing',
    }).catch(async (error) => {
      const down = [...(await statuses()).entries()].filter(([, s]) => s.status !== 'connected');
      log(`not connected: ${JSON.stringify(down)}`);
      throw error;
    });
    await expectEachReceivedOnce(ids, 60_000);
    const byOwner = new Map<string, number>();
    for (const status of (await statuses()).values())
      byOwner.set(status.owner!, (byOwner.get(status.owner!) ?? 0) + 1);
    console.log('accounts by worker after rebalancing:', Object.fromEntries(byOwner));
    expect(env.results.filter((result) => result.messageId?.startsWith('MP') && !result.ok)).toEqual([]);
    expect(sockets?.max).toBeLessThanOrEqual(1);
    expect((await sandboxStats(env.redis)).conflicts).toBe(0);
  }, 150_000);

  it('serves /healthz, /readyz and /metrics, and stops on SIGTERM within 10 s releasing its leases', async () => {
    const w2 = workers[1]!;
    const base = `http://127.0.0.1:${w2.healthPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ok: true,
      checks: { redis: true, mongodb: true, leases: true },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/wildcat_sessions\{status="connected"\} \d+/);
    expect(metrics).toMatch(/wildcat_sends_total\{outcome="sent"\} \d+/);
    expect(metrics).toMatch(/wildcat_send_latency_seconds_bucket/);
    expect(metrics).toMatch(/wildcat_leases_owned [1-9]/);
    expect(metrics).not.toMatch(/mp\d\d/);

    const owned = [...(await statuses()).entries()].filter(([, s]) => s.owner === 'w2').map(([id]) => id);
    const ids = issueSends(200, 2_000);
    await sleep(500);
    const started = Date.now();
    w2.child.kill('SIGTERM');
    const exit = await w2.exited;
    const stopMs = Date.now() - started;
    console.log(`SIGTERM to exit: ${stopMs} ms`);
    expect(exit.code).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    // Released, not expired: the others pick the shards up well within one lease TTL.
    await waitFor(
      async () => {
        const now = await statuses();
        return owned.every((id) => now.get(id)?.status === 'connected' && now.get(id)?.owner !== 'w2');
      },
      { timeoutMs: 10_000, what: 'w2 accounts moved' },
    );
    await expectEachReceivedOnce(await ids, 60_000);
    expect((await sandboxStats(env.redis)).conflicts).toBe(0);
  }, 120_000);
});
