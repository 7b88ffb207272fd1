/** A send job may run now (call `release` once it settled), or waits its turn back in Redis. */
export type Admission = { admitted: true; release: () => void } | { admitted: false; delayMs: number };

/** How long past its expected return a parked job keeps its place before it counts as gone. */
const LOST_AFTER_MS = 30_000;

interface Parked {
  jobId: string;
  /** Past this the job is presumed gone (removed, taken by another owner) and loses its place. */
  lostAt: number;
}

interface AccountLine {
  inFlight: number;
  /** Jobs sent back to Redis, in the order they were first taken: only the head may run next. */
  parked: Parked[];
}

/**
 * Caps how many send slots of a shard worker one account holds. A paced account's jobs would
 * otherwise each hold a slot while they wait for rate tokens, and a flood of them takes every
 * slot of the shard. Jobs beyond the cap go back to Redis (delayed, not failed) with a place in
 * the account's line, so they run in the order they were first taken: a job that comes back
 * before the ones ahead of it waits again. One instance per shard runtime: a new owner starts
 * with an empty line (across a hand-over, order is only as good as the delayed jobs' times).
 */
export class AccountAdmission {
  private readonly lines = new Map<string, AccountLine>();

  constructor(
    /** Send slots one account may hold at once. */
    private readonly maxInFlight: number,
  ) {}

  /**
   * Admits `jobId` of `accountId`, or places it in the account's line; `delayFor(ahead)` says
   * when a job with `ahead` jobs in front of it should come back.
   */
  admit(accountId: string, jobId: string, delayFor: (ahead: number) => number, now = Date.now()): Admission {
    const line = this.lines.get(accountId) ?? { inFlight: 0, parked: [] };
    this.lines.set(accountId, line);
    while (
      line.parked.length > 0 &&
      (line.parked[0] as Parked).lostAt < now &&
      line.parked[0]?.jobId !== jobId
    )
      line.parked.shift();
    let index = line.parked.findIndex((entry) => entry.jobId === jobId);
    const itsTurn = index === 0 || line.parked.length === 0;
    if (line.inFlight < this.maxInFlight && itsTurn) {
      if (index === 0) line.parked.shift();
      line.inFlight += 1;
      let released = false;
      return {
        admitted: true,
        release: () => {
          if (released) return;
          released = true;
          line.inFlight -= 1;
          if (line.inFlight === 0 && line.parked.length === 0 && this.lines.get(accountId) === line)
            this.lines.delete(accountId);
        },
      };
    }
    if (index < 0) index = line.parked.push({ jobId, lostAt: 0 }) - 1;
    const delayMs = delayFor(index);
    (line.parked[index] as Parked).lostAt = now + delayMs + LOST_AFTER_MS;
    return { admitted: false, delayMs };
  }

  /** Accounts with jobs running or waiting in line (tests, metrics). */
  get accounts(): number {
    return this.lines.size;
  }

  /** Jobs of `accountId` waiting in Redis for their turn. */
  parked(accountId: string): number {
    return this.lines.get(accountId)?.parked.length ?? 0;
  }
}
