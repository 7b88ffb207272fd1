import { shardLabel } from '@wildcat/jobs';
import { crossSlotPipeline, defineScripts, luaScript, pipelineScript } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';

/** Lease and epoch keys of a shard share a hash tag, so the scripts stay in one Cluster slot. */
export function leaseKey(shard: number): string {
  return `wc:lease:{shard-${shardLabel(shard)}}`;
}

export function epochKey(shard: number): string {
  return `wc:lease-epoch:{shard-${shardLabel(shard)}}`;
}

const LEASE_SCRIPTS = {
  acquire: luaScript(new URL('./lease-acquire.lua', import.meta.url), 2),
  renew: luaScript(new URL('./lease-renew.lua', import.meta.url), 1),
  release: luaScript(new URL('./lease-release.lua', import.meta.url), 1),
};

/** Resolves the new fencing epoch, or undefined when another worker holds the shard. */
export async function acquireLease(
  redis: Redis,
  shard: number,
  token: string,
  ttlMs: number,
): Promise<number | undefined> {
  const { acquire } = defineScripts(redis, LEASE_SCRIPTS);
  const epoch = Number(await acquire(leaseKey(shard), epochKey(shard), token, String(ttlMs)));
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
  defineScripts(redis, LEASE_SCRIPTS);
  // Each shard's keys have their own tag: on a Cluster they live on different masters.
  const pipeline = crossSlotPipeline(redis);
  for (const shard of shards)
    pipelineScript(pipeline, LEASE_SCRIPTS.renew, leaseKey(shard), token, String(ttlMs));
  const replies = (await pipeline.exec()) ?? [];
  return shards.filter((_, index) => {
    const [error, result] = replies[index] ?? [new Error('no reply'), 0];
    return error !== null || Number(result) !== 1;
  });
}

export async function releaseLease(redis: Redis, shard: number, token: string): Promise<boolean> {
  const { release } = defineScripts(redis, LEASE_SCRIPTS);
  return Number(await release(leaseKey(shard), token)) === 1;
}

/** Which shards have no holder right now (one round trip: GETs in one pipeline, per master on a Cluster). */
export async function freeShards(redis: Redis, shards: readonly number[]): Promise<number[]> {
  if (shards.length === 0) return [];
  const pipeline = crossSlotPipeline(redis);
  for (const shard of shards) pipeline.get(leaseKey(shard));
  const replies = (await pipeline.exec()) ?? [];
  const failed = replies.find(([error]) => error);
  if (failed) throw failed[0];
  return shards.filter((_, index) => replies[index]?.[1] === null);
}
