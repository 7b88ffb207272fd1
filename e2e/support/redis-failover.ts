import { queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { expect } from 'vitest';
import { createAndPairAll } from './accounts.js';
import { deadProcesses, type E2eStack } from './e2e-stack.js';
import { restart, when } from './restart.js';
import type { SendRecord } from './sends.js';
import { expectExactlyOnce, type Pair, startTraffic } from './traffic.js';

const SHARDS = 32;

/** Answered (2xx) sends per sender so far. */
function answeredBy(records: readonly SendRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records)
    if (record.messageId) counts.set(record.accountId, (counts.get(record.accountId) ?? 0) + 1);
  return counts;
}

/** Resolves how long until every sender got one more 2xx answer than it had in `before`. */
async function everySenderAnswered(
  records: readonly SendRecord[],
  before: Map<string, number>,
  since: number,
) {
  await when(() => {
    const now = answeredBy(records);
    return [...before.keys()].every((lane) => (now.get(lane) ?? 0) > (before.get(lane) ?? 0));
  });
  return Date.now() - since;
}

/**
 * Four senders in a ring keep sending (each message with its Idempotency-Key, retried after a
 * 503; two answered 202, two 200) while first a session worker is killed with SIGKILL and started
 * again, then the Redis primary serving the first (202) sender's send queue is killed with
 * SIGKILL (its replica is promoted; the killed node then comes back as its replica, as an
 * orchestrator would restart it: with REDIS_WAIT_REPLICAS=1 a primary without a replica refuses
 * to confirm sends).
 * Every send that got a 2xx must arrive exactly once; prints the recovery times.
 */
export async function killWorkerThenPrimaryUnderTraffic(
  e2e: E2eStack,
  label: string,
): Promise<Record<string, number>> {
  const { api, stack } = e2e;
  const accounts = await createAndPairAll(
    api,
    [0, 1, 2, 3].map((n) => `${label}${n}`),
  );
  const pairs: Pair[] = accounts.map(
    (account, i) => [account, accounts[(i + 1) % accounts.length]!] as const,
  );
  // Senders 0 and 2 take 202 (wait=false), 1 and 3 wait for 200: with REDIS_WAIT_REPLICAS=1 an
  // accepted send is on a replica before its answer, so the promoted replica still has its job.
  const traffic = startTraffic(api, pairs, label, (lane) => ({ noWait: lane % 2 === 0 }));
  await when(() => traffic.answered() >= 40);

  // ── a session worker killed and started again
  const victim = stack.sessionWorkers[0];
  if (!victim) throw new Error('no session worker');
  await victim.process.kill();
  const workerKilledAt = Date.now();
  await when(() => traffic.answered() >= 80);
  const workerRecoveryMs = Date.now() - workerKilledAt;
  await restart(victim);
  await when(() => traffic.answered() >= 120);

  // ── the Redis primary of the first sender's send queue, killed mid-traffic
  const queueKey = `${queuePrefix(queueFor.send(shardOf(accounts[0]!.id, SHARDS)))}:id`;
  const primaryKilledAt = Date.now();
  const lanesAtKill = answeredBy(traffic.records);
  const lanesBack = everySenderAnswered(traffic.records, lanesAtKill, primaryKilledAt);
  const promotedMs = e2e.cluster
    ? await e2e.cluster.killMasterOf(queueKey, { rejoin: true })
    : e2e.sentinel
      ? await e2e.sentinel.killPrimary({ rejoin: true })
      : Number.NaN;
  const allLanesMs = await lanesBack;
  const answeredAtRecovery = traffic.answered();
  await when(() => traffic.answered() >= answeredAtRecovery + 40);
  const records = await traffic.stop();

  const counts = await expectExactlyOnce(api, pairs, records);
  expect(deadProcesses(stack), 'processes that died').toEqual([]);
  // What the senders met on the way: every attempt that was not the final 2xx, by status, with the
  // longest one (a 503 is quick; a 504 waited SEND_WAIT_TIMEOUT_MS for a result).
  const detours: Record<string, { count: number; longestMs: number }> = {};
  for (const attempt of records.flatMap((record) => record.attempts)) {
    if (attempt.status === 200 || attempt.status === 202) continue;
    const status = String(attempt.status);
    const entry = detours[status] ?? { count: 0, longestMs: 0 };
    detours[status] = entry;
    entry.count += 1;
    entry.longestMs = Math.max(entry.longestMs, attempt.ms);
  }
  const times = {
    sends: records.length,
    workerKillToNext40AnswersMs: workerRecoveryMs,
    primaryKillToReplicaPromotedMs: promotedMs,
    primaryKillToEverySenderSendingMs: allLanesMs,
  };
  console.info(
    `${label}: ${JSON.stringify(times)}; statuses ${JSON.stringify(counts)}; retried attempts ${JSON.stringify(detours)}`,
  );
  return times;
}
