import { shardLabel } from '@wildcat/jobs';
import type { Redis } from 'ioredis';

/** Lease and epoch keys of a shard share a hash tag, so the scripts stay in one Cluster slot. */
export function leaseKey(shard: number): string {
  return `wc:lease:{shard-${shardLabel(shard)}}`;
}

export function epochKey(shard: number): string {
  return `wc:lease-epoch:{shard-${shardLabel(shard)}}`;
}

// Take a free lease and bump the shard's fencing epoch in one step: every acquisition gets a
// strictly larger epoch than any earlier owner ever had.
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0`;

// Compare-and-set: only the holder of the token may extend or drop the lease.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Resolves the new fencing epoch, or undefined when another worker holds the shard. */
export async function acquireLease(
  redis: Redis,
  shard: number,
  token: string,
  ttlMs: number,
): Promise<number | undefined> {
  const epoch = Number(await redis.eval(ACQUIRE, 2, leaseKey(shard), epochKey(shard), token, String(ttlMs)));
  return epoch > 0 ? epoch : undefined;
}

/** Renews several leases in one round trip; resolves the shards whose renewal failed. */
export async function renewLeases(
  redis: Redis,
  shards: readonly number[],
  token: string,
  ttlMs: number,
): Promise<number[]> {
  if (shards.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const shard of shards) pipeline.eval(RENEW, 1, leaseKey(shard), token, String(ttlMs));
  const replies = (await pipeline.exec()) ?? [];
  return shards.filter((_, index) => {
    const [error, result] = replies[index] ?? [new Error('no reply'), 0];
    return error !== null || Number(result) !== 1;
  });
}

export async function releaseLease(redis: Redis, shard: number, token: string): Promise<boolean> {
  return Number(await redis.eval(RELEASE, 1, leaseKey(shard), token)) === 1;
}

/** Which shards have no holder right now (one MGET). */
export async function freeShards(redis: Redis, shards: readonly number[]): Promise<number[]> {
  if (shards.length === 0) return [];
  const holders = await redis.mget(...shards.map(leaseKey));
  return shards.filter((_, index) => holders[index] === null);
}
