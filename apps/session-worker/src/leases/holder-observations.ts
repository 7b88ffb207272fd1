import { asCluster, clusterMasters, isCluster } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';
import { presentLeaseTokens } from './lease-connection.js';
import { leaseKey } from './lease-store.js';

/**
 * What one Redis node showed in one poll: the lease connections present on it (CLIENT LIST) and
 * the holders of the shard leases it serves. CLIENT LIST is per node, so a holder is judged only
 * on the node its leases live on.
 */
export interface HolderObservation {
  /** `single`, or a Cluster master's `host:port`. */
  readonly node: string;
  /** The connection the observation came through: a new one means a restart or failover. */
  readonly connection: Redis;
  readonly present: ReadonlySet<string>;
  readonly holders: ReadonlyArray<readonly [shard: number, holder: string | null]>;
}

const listClients = (client: Redis) => client.pipeline().call('CLIENT', 'LIST', 'TYPE', 'normal');

function failure(replies: Array<[Error | null, unknown]>): Error | undefined {
  return replies.find(([error]) => error)?.[0] ?? undefined;
}

/** One server (or the Sentinel primary): one round trip, CLIENT LIST + MGET of every lease. */
async function observeSingle(redis: Redis, shards: number): Promise<HolderObservation[]> {
  const keys = Array.from({ length: shards }, (_, shard) => leaseKey(shard));
  const replies =
    (await listClients(redis)
      .mget(...keys)
      .exec()) ?? [];
  const error = failure(replies);
  if (error) throw error;
  const [[, list], [, values]] = replies as [[null, string], [null, Array<string | null>]];
  return [
    {
      node: 'single',
      connection: redis,
      present: presentLeaseTokens(String(list)),
      holders: values.map((holder, shard) => [shard, holder] as const),
    },
  ];
}

/**
 * A Cluster: one round trip per master, concurrently, each with the leases whose slot that master
 * serves (GETs, not MGET: the leases of one master are in different slots). A master that fails
 * to answer gives no evidence this round; a permission error is thrown (the caller turns the
 * watch off).
 */
async function observeMasters(redis: Redis, shards: number): Promise<HolderObservation[]> {
  const { masters, addressOf } = clusterMasters(asCluster(redis));
  const byNode = new Map<string, number[]>();
  for (let shard = 0; shard < shards; shard++) {
    const address = addressOf(leaseKey(shard));
    if (address) byNode.set(address, [...(byNode.get(address) ?? []), shard]);
  }
  const observed = await Promise.all(
    masters.map(async ({ address, client }): Promise<HolderObservation | undefined> => {
      const served = byNode.get(address) ?? [];
      const pipeline = listClients(client);
      for (const shard of served) pipeline.get(leaseKey(shard));
      const replies = (await pipeline.exec().catch((error: Error) => [[error, null]])) ?? [];
      const error = failure(replies as Array<[Error | null, unknown]>);
      if (error && /unknown command|NOPERM|unknown subcommand/i.test(String(error))) throw error;
      // MOVED (slots moved since our map) or a node going away: nothing learned from it now.
      if (error) return undefined;
      const [listed, ...values] = replies as Array<[null, unknown]>;
      const list = listed?.[1];
      return {
        node: address,
        connection: client,
        present: presentLeaseTokens(String(list)),
        holders: served.map(
          (shard, index) => [shard, (values[index]?.[1] as string | null) ?? null] as const,
        ),
      };
    }),
  );
  return observed.filter((observation) => observation !== undefined);
}

/** Every node's observation this poll: one for a single server, one per master on a Cluster. */
export function observeHolders(redis: Redis, shards: number): Promise<HolderObservation[]> {
  return isCluster(redis) ? observeMasters(redis, shards) : observeSingle(redis, shards);
}
