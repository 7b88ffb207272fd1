export interface BalanceInput {
  shards: number;
  liveWorkers: number;
  /** Shards this worker holds. */
  owned: readonly number[];
  /** Shards nobody holds. */
  free: readonly number[];
}

export interface BalancePlan {
  target: number;
  release: number[];
  acquire: number[];
}

/**
 * Each worker aims for ceil(shards / workers): the targets cover every shard, so free shards
 * always find a taker, and a worker above target hands its excess back for newcomers.
 * `pick` orders candidates (random in production, so workers do not race for the same shard).
 */
export function planBalance(
  input: BalanceInput,
  pick: (candidates: number[]) => number[] = shuffle,
): BalancePlan {
  const target = Math.ceil(input.shards / Math.max(1, input.liveWorkers));
  const owned = [...input.owned].sort((a, b) => a - b);
  if (owned.length > target) return { target, release: owned.slice(target), acquire: [] };
  const missing = target - owned.length;
  return { target, release: [], acquire: pick([...input.free]).slice(0, missing) };
}

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
