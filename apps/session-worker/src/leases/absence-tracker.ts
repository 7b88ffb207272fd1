/**
 * Decides which lease holders are dead from successive CLIENT LIST observations. A holder counts
 * as dead only if this observer saw its lease connection present and then absent on every
 * observation for at least `graceMs`:
 * - "seen present first": after a Redis restart (or our own reconnect, see `reset`) nobody has
 *   been seen yet, so a worker that reconnects late, or is partitioned away, is never taken over
 *   early; its lease simply expires as before.
 * - the grace period rides out a worker's own reconnect (100 ms retries).
 */
export class AbsenceTracker {
  private readonly seen = new Map<string, { absentSince?: number }>();

  constructor(private readonly graceMs: number) {}

  /**
   * Feeds one observation: `dead` are the holders to treat as dead now, `missing` those first
   * found absent by this observation (dead after the grace period unless they come back).
   */
  observe(
    holders: Iterable<string>,
    present: ReadonlySet<string>,
    now: number,
  ): { dead: string[]; missing: string[] } {
    // Any lease connection present counts as seen, holding a lease yet or not: a worker that
    // dies right after acquiring was still seen alive before.
    for (const token of present) this.seen.set(token, {});
    const dead: string[] = [];
    const missing: string[] = [];
    const current = new Set(holders);
    for (const token of current) {
      const state = this.seen.get(token);
      if (!state || present.has(token)) continue;
      if (state.absentSince === undefined) {
        state.absentSince = now;
        missing.push(token);
      }
      if (now - state.absentSince >= this.graceMs) dead.push(token);
    }
    // Gone and holding nothing: no need to remember.
    for (const token of this.seen.keys())
      if (!current.has(token) && !present.has(token)) this.seen.delete(token);
    return { dead, missing };
  }

  /** Forget everything (our connection to Redis was replaced: its past is no evidence). */
  reset(): void {
    this.seen.clear();
  }
}
