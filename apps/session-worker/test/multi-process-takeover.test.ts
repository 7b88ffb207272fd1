import { setTimeout as sleep } from 'node:timers/promises';
import { readStatuses } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { enableSandboxTrace, sandboxStats } from '@wildcat/wa-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  leaseHolders,
  type SocketSampler,
  sampleMaxSockets,
  spawnWorker,
  type WorkerProcess,
} from './support/worker-process.js';

// A long lease, so anything that moves within a few seconds moved because its holder died, not
// because its lease ran out.
const TTL_MS = 20_000;
const GRACE_MS = 2_000;
const WORKER_ENV = { LEASE_TTL_MS: String(TTL_MS), LEASE_TAKEOVER_GRACE_MS: String(GRACE_MS) };
const ACCOUNTS = Array.from({ length: 24 }, (_, i) => `tk${String(i).padStart(2, '0')}`);

let env: TestEnvironment;
const workers: WorkerProcess[] = [];
let sockets: SocketSampler | undefined;

beforeAll(async () => {
  env = await startEnvironment(8);
  await enableSandboxTrace(env.redis);
  // Paired already (credentials stored, number linked, desired connected): workers connect them
  // without a QR, as after a restart.
  for (const [i, id] of ACCOUNTS.entries()) {
    const jid = `1555000${String(i).padStart(4, '0')}@s.whatsapp.net`;
    await env.store.accounts.create({ id });
    await env.store
      .authState(`auth_${id}`)
      .writeCreds({ platform: 'wildcat-sandbox', registered: true, me: { id: jid, name: id } }, 0);
    await env.redis.set(`wc:{sbx}:jid:${jid}`, id);
  }
});

afterAll(async () => {
  await sockets?.stop();
  for (const worker of workers) {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) continue;
    worker.child.kill('SIGCONT');
    worker.child.kill('SIGKILL');
  }
  await Promise.all(workers.map((worker) => worker.exited));
  await env?.close();
});

async function owners(): Promise<Map<string, string | undefined>> {
  const statuses = await readStatuses(env.redis, ACCOUNTS);
  return new Map(
    ACCOUNTS.map((id) => [
      id,
      statuses.get(id)?.status === 'connected' ? statuses.get(id)?.owner : undefined,
    ]),
  );
}

/** Every account connected, on the given workers only, each holding some. */
async function waitConnectedOn(ids: string[], timeoutMs = 60_000): Promise<Map<string, string | undefined>> {
  let last = new Map<string, string | undefined>();
  await waitFor(
    async () => {
      last = await owners();
      const used = new Set(last.values());
      return [...last.values()].every((owner) => owner && ids.includes(owner)) && used.size === ids.length;
    },
    { timeoutMs, intervalMs: 100, what: `all accounts connected on ${ids.join(' and ')}` },
  );
  return last;
}

describe('taking over a dead worker before its lease expires', () => {
  it('kill -9: its accounts are connected on the other worker within seconds, not after the 20 s lease', async () => {
    workers.push(await spawnWorker(env, 'tk1', WORKER_ENV), await spawnWorker(env, 'tk2', WORKER_ENV));
    const before = await waitConnectedOn(['tk1', 'tk2']);
    sockets = sampleMaxSockets(env, ACCOUNTS);
    const victims = ACCOUNTS.filter((id) => before.get(id) === 'tk1');
    expect(victims.length).toBeGreaterThan(0);

    const killedAt = Date.now();
    workers[0]!.child.kill('SIGKILL');
    await waitFor(
      async () => {
        const now = await owners();
        return victims.every((id) => now.get(id) === 'tk2');
      },
      { timeoutMs: TTL_MS, intervalMs: 100, what: `${victims.length} accounts of tk1 connected on tk2` },
    );
    const tookMs = Date.now() - killedAt;
    console.log(
      `kill -9 to ${victims.length} accounts connected elsewhere: ${tookMs} ms (lease TTL ${TTL_MS} ms)`,
    );
    // Grace period + a poll + a balancing round + the connects; the lease alone would take 13–20 s.
    expect(tookMs).toBeLessThan(GRACE_MS + 6_000);
    expect(sockets?.max).toBeLessThanOrEqual(1);
    expect((await sandboxStats(env.redis)).conflicts).toBe(0);
  }, 120_000);

  it('SIGSTOP: a paused worker keeps its shards (its connection stays open), and carries on after SIGCONT', async () => {
    const tk3 = await spawnWorker(env, 'tk3', WORKER_ENV);
    workers.push(tk3);
    // tk2 hands tk3 its share; wait until tk3's accounts are connected there.
    const before = await waitConnectedOn(['tk2', 'tk3']);
    const holders = await leaseHolders(env);
    const paused = ACCOUNTS.filter((id) => before.get(id) === 'tk3');

    tk3.child.kill('SIGSTOP');
    // Several grace periods, yet well inside the lease (and tk3's own 0.8·TTL fence).
    await sleep(GRACE_MS * 4);
    expect(await leaseHolders(env)).toEqual(holders);
    const during = await owners();
    expect(paused.every((id) => during.get(id) === 'tk3')).toBe(true);

    tk3.child.kill('SIGCONT');
    // Its renewals resume: the same leases, no account moved or dropped.
    await sleep(TTL_MS / 3 + 1_000);
    expect(await leaseHolders(env)).toEqual(holders);
    expect(await owners()).toEqual(before);
    expect(sockets?.max).toBeLessThanOrEqual(1);
    expect((await sandboxStats(env.redis)).conflicts).toBe(0);
  }, 120_000);
});
