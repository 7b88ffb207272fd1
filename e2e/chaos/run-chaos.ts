import { setTimeout as sleep } from 'node:timers/promises';
import { inspectMongo } from '@wildcat/testkit';
import { createAndPairAll } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { recentOutput, startE2eStack } from '../support/e2e-stack.js';
import { type ChaosState, type Fault, type FaultPlan, runFaults, supervise } from './faults.js';
import { startFlakyReceiver } from './flaky-receiver.js';
import { startInboundTraffic } from './inbound-lane.js';
import { prng } from './prng.js';
import { startSendTraffic } from './send-lanes.js';
import { settled, storedInbound, type Tally, tally } from './tally.js';
import { stackTargets } from './targets.js';

export interface ChaosOptions {
  minutes: number;
  seed: number;
  /** Sandbox accounts; each sends to the next in a ring (default 6). */
  accounts?: number;
  sessionWorkers?: number;
  /** Longest wait after the faults stop for everything accepted to arrive (default 300 s). */
  drainLimitMs?: number;
  progressEveryMs?: number;
  /** Aborting ends the faults early; the drain and the count still run. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface ChaosResult extends Tally {
  options: Required<Omit<ChaosOptions, 'log' | 'signal'>>;
  faults: Fault[];
  unplannedExits: string[];
  /** Faults after which the system did not serve again within the limit. */
  unrecovered: Fault[];
  drainMs: number;
  /** False when the drain limit passed with something still missing. */
  drained: boolean;
  receiver: { requests: number; failed: number; stalled: number; stalledAnswered: number };
  inboundRetries: number;
  /** Every process's last output lines, kept when something was lost (for the report). */
  output?: string;
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

const PLAN: FaultPlan = {
  gapMs: [1_000, 6_000],
  deadMs: [200, 4_000],
  pauseMs: [1_000, 14_000],
  killShare: 0.7,
};

/** Starts the stack, drives traffic under random faults for `minutes`, drains and counts. */
export async function runChaos(input: ChaosOptions): Promise<ChaosResult> {
  const options = {
    accounts: 6,
    sessionWorkers: 2,
    drainLimitMs: 300_000,
    progressEveryMs: 5_000,
    ...input,
  };
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const receiver = await startFlakyReceiver(prng(options.seed + 2), {
    failRate: 0.1,
    stallRate: 0.02,
    stallMs: 6_000,
  });
  log(`chaos: seed ${options.seed}, ${options.minutes} min of faults; starting the stack…`);
  const booting = Date.now();
  const { stack, api } = await startE2eStack(
    {},
    { gateways: 2, sessionWorkers: options.sessionWorkers, webhookWorkers: 1 },
  );
  log(`stack up in ${seconds(Date.now() - booting)}; pairing ${options.accounts} sandbox accounts…`);
  const mongo = inspectMongo(stack.mongo.url, 'wildcat');
  const targets = stackTargets(stack);
  const state: ChaosState = { faults: [], unplannedExits: [] };
  let ticker: NodeJS.Timeout | undefined;
  try {
    const ids = Array.from({ length: options.accounts }, (_, i) => `chaos${i}`);
    const accounts = await createAndPairAll(api, ids);
    expectStatus(
      await api.call('POST', '/webhooks', { body: { url: receiver.url } }),
      201,
      'webhook subscription',
    );
    const pairs = accounts.map((account, i) => [account, accounts[(i + 1) % accounts.length]!] as const);
    const recipients = new Map(pairs.map(([from, to]) => [from.id, to.id]));
    log(`accounts paired in ${seconds(Date.now() - booting)} since the start; traffic and faults begin`);
    const sends = startSendTraffic(api, pairs, prng(options.seed + 1), options.seed);
    const inbound = startInboundTraffic(stack.redis.url, accounts, prng(options.seed + 3), options.seed, 500);
    const started = Date.now();
    const clock = () => {
      const s = Math.round((Date.now() - started) / 1_000);
      return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    };
    ticker = setInterval(() => {
      const events = new Set(receiver.received.map((event) => event.eventId)).size;
      log(
        `[${clock()}] sends ${sends.accepted()}/${sends.finished()} accepted · inbound ${inbound.injected.length} injected · webhooks ${events} events received · faults ${state.faults.length}${state.current ? ` (${state.current})` : ''}`,
      );
    }, options.progressEveryMs);

    const end = started + options.minutes * 60_000;
    const done = () => Date.now() >= end || options.signal?.aborted === true;
    await runFaults(targets, sends.lanes, prng(options.seed), PLAN, done, state, log);
    await supervise(targets, state, log);
    log(
      `[${clock()}] faults stopped; stopping traffic and draining (at most ${options.drainLimitMs / 1000} s)…`,
    );
    const drainStart = Date.now();
    await Promise.all([sends.stop(), inbound.stop()]);
    let result: Tally;
    for (;;) {
      result = tally(
        sends.records,
        recipients,
        inbound.injected,
        await storedInbound(mongo, ids),
        receiver.received,
      );
      if (settled(result) || Date.now() - drainStart > options.drainLimitMs) break;
      await sleep(2_000);
    }
    const drainMs = Date.now() - drainStart;
    const lossy =
      !settled(result) || result.sends.duplicated.length > 0 || result.inbound.duplicated.length > 0;
    return {
      ...result,
      options: {
        minutes: options.minutes,
        seed: options.seed,
        accounts: options.accounts,
        sessionWorkers: options.sessionWorkers,
        drainLimitMs: options.drainLimitMs,
        progressEveryMs: options.progressEveryMs,
      },
      faults: state.faults,
      unplannedExits: state.unplannedExits,
      unrecovered: state.faults.filter((fault) => fault.recoveryMs === undefined),
      drainMs,
      drained: settled(result),
      receiver: receiver.counts,
      inboundRetries: inbound.retries(),
      output: lossy ? recentOutput(stack) : undefined,
    };
  } finally {
    if (ticker) clearInterval(ticker);
    await mongo.close().catch(() => {});
    // A paused process would hold the stop up: resume everything first.
    for (const target of targets) {
      const pid = await target.pid().catch(() => undefined);
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // Already gone.
        }
      }
    }
    await stack.stop();
    await receiver.close();
  }
}
