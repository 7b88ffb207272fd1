import { describe, expect, it } from 'vitest';
import { planBalance } from '../src/leases/balance-plan.js';

const inOrder = (candidates: number[]) => candidates;

describe('shard balance plan', () => {
  it('takes every free shard alone, and ceil(S/N) when there are more workers', () => {
    const free = Array.from({ length: 32 }, (_, i) => i);
    expect(planBalance({ shards: 32, liveWorkers: 1, owned: [], free }, inOrder).acquire).toHaveLength(32);
    expect(planBalance({ shards: 32, liveWorkers: 3, owned: [], free }, inOrder)).toMatchObject({
      target: 11,
    });
  });

  it('releases the excess when a worker joins and takes no more than the target', () => {
    const owned = Array.from({ length: 16 }, (_, i) => i);
    expect(planBalance({ shards: 32, liveWorkers: 3, owned, free: [] }, inOrder)).toEqual({
      target: 11,
      release: [11, 12, 13, 14, 15],
      acquire: [],
    });
    expect(planBalance({ shards: 32, liveWorkers: 3, owned: [1], free: [2, 3, 4] }, inOrder).acquire).toEqual(
      [2, 3, 4],
    );
  });
});
