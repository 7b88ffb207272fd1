import { setTimeout as sleep } from 'node:timers/promises';
import type { Prng } from './prng.js';
import type { SendLane } from './send-lanes.js';
import type { Target } from './targets.js';

/** Give up waiting for the system to serve again after a fault (then the run fails). */
export const RECOVERY_LIMIT_MS = 180_000;

export interface Fault {
  target: string;
  action: 'kill -9' | 'SIGSTOP';
  /** Milliseconds since the chaos started. */
  at: number;
  /** How long it was dead or paused. */
  downMs: number;
  /** From the fault until every process was healthy and every send lane had a send accepted again. */
  recoveryMs?: number;
}

export interface ChaosState {
  faults: Fault[];
  /** The fault in progress, for the progress line. */
  current?: string;
  /** Processes that exited without being killed here (restarted, and reported). */
  unplannedExits: string[];
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts any process that died by itself (not by a fault here) and records it. */
export async function supervise(targets: readonly Target[], state: ChaosState, log: (line: string) => void) {
  for (const target of targets) {
    if (target.running()) continue;
    state.unplannedExits.push(target.name);
    log(`${target.name} exited by itself; starting it again. Its last output:\n${target.recentOutput()}`);
    await target.start();
  }
}

/** Resolves when every app answers its health check and every lane had a send accepted since `since`. */
async function recovered(
  targets: readonly Target[],
  lanes: readonly SendLane[],
  since: number,
  state: ChaosState,
  log: (line: string) => void,
): Promise<boolean> {
  const deadline = Date.now() + RECOVERY_LIMIT_MS;
  while (Date.now() < deadline) {
    await supervise(targets, state, log);
    const urls = targets.flatMap((target) => (target.healthUrl ? [target.healthUrl] : []));
    const up = (await Promise.all(urls.map(healthy))).every(Boolean);
    if (up && lanes.every((lane) => lane.lastAcceptedAttemptAt >= since)) return true;
    await sleep(100);
  }
  return false;
}

export interface FaultPlan {
  /** Pause between the recovery from one fault and the next fault. */
  gapMs: readonly [number, number];
  /** How long a killed process stays dead before it is started again. */
  deadMs: readonly [number, number];
  /** How long a SIGSTOP lasts (past the 10 s lease, a paused worker's accounts move). */
  pauseMs: readonly [number, number];
  /** Share of faults that are kill -9 (the rest are SIGSTOP/SIGCONT). */
  killShare: number;
}

/**
 * Until `done()`, one fault at a time: a random process is killed -9 and started again, or paused
 * and resumed; then the time until the whole system serves again is measured.
 */
export async function runFaults(
  targets: readonly Target[],
  lanes: readonly SendLane[],
  random: Prng,
  plan: FaultPlan,
  /** True once the faults should stop (time is up, or the user pressed Ctrl-C). */
  done: () => boolean,
  state: ChaosState,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  while (!done()) {
    await sleep(random.int(...plan.gapMs));
    if (done()) break;
    await supervise(targets, state, log);
    const target = random.pick(targets);
    const kill = random.chance(plan.killShare);
    const downMs = kill ? random.int(...plan.deadMs) : random.int(...plan.pauseMs);
    const fault: Fault = {
      target: target.name,
      action: kill ? 'kill -9' : 'SIGSTOP',
      at: Date.now() - started,
      downMs,
    };
    state.faults.push(fault);
    state.current = `${fault.action} ${target.name} for ${(downMs / 1000).toFixed(1)} s`;
    const faultAt = Date.now();
    if (kill) {
      await target.kill();
      await sleep(downMs);
      await target.start();
    } else {
      const pid = await target.pid();
      if (pid === undefined) throw new Error(`${target.name} has no pid to pause: it is not running`);
      process.kill(pid, 'SIGSTOP');
      try {
        await sleep(downMs);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    }
    state.current = `waiting for recovery after ${fault.action} ${target.name}`;
    const back = Date.now();
    if (await recovered(targets, lanes, back, state, log)) fault.recoveryMs = Date.now() - faultAt;
    else log(`not recovered ${RECOVERY_LIMIT_MS / 1000} s after ${fault.action} ${target.name}`);
    state.current = undefined;
  }
}
