import { type PrivateRedisCluster, startRedisCluster, waitFor } from '@wildcat/testkit';
import { type Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GroupRefreshedCluster, SlotRefreshGroup } from '../src/cluster-slot-refresh.js';
import { keySlot } from '../src/index.js';

/** CLUSTER SLOTS calls so far, summed over the nodes. */
async function clusterSlotsCalls(cluster: PrivateRedisCluster): Promise<number> {
  let calls = 0;
  for (const { port } of cluster.nodes) {
    const node = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
    try {
      await node.connect();
      const stats = await node.info('commandstats');
      calls += Number(/^cmdstat_cluster\|slots:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
    } finally {
      node.disconnect();
    }
  }
  return calls;
}

describe('Cluster clients of one process sharing one slot refresh', () => {
  let cluster: PrivateRedisCluster;
  let clients: Cluster[] = [];

  /** One client and `copies` duplicates of it (as BullMQ makes one per worker), all connected. */
  async function clientsIn(group: SlotRefreshGroup, copies: number): Promise<Cluster[]> {
    const seeds = cluster.nodes.slice(0, 3).map((node) => ({ host: '127.0.0.1', port: node.port }));
    const first = new GroupRefreshedCluster(
      seeds,
      { maxRedirections: 100, retryDelayOnFailover: 100 },
      group,
    );
    const made = [first, ...Array.from({ length: copies }, () => first.duplicate())];
    clients.push(...made);
    for (const client of made) client.on('error', () => {});
    await Promise.all(made.map((client) => client.ping()));
    return made;
  }

  const ownerOf = (client: Cluster, key: string) => client.slots[keySlot(key)]?.[0];

  beforeAll(async () => {
    cluster = await startRedisCluster({ appendOnly: false });
  }, 60_000);
  afterEach(() => {
    for (const client of clients) client.disconnect();
    clients = [];
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('reads the slot map once per interval for the whole group, not once per client', async () => {
    await clientsIn(new SlotRefreshGroup(250), 9);
    const before = await clusterSlotsCalls(cluster);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const calls = (await clusterSlotsCalls(cluster)) - before;
    // Ten clients on their own 250 ms timers would ask ≈ 100 times.
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(calls).toBeLessThanOrEqual(13);
  });

  it('a failover one client runs into reaches every client of the group at once', async () => {
    // No timer round in this test: only the first client's own MOVED can tell the others.
    const [first, ...others] = await clientsIn(new SlotRefreshGroup(600_000), 5);
    const key = 'wc:test:moved-by-failover';
    const old = `127.0.0.1:${(await cluster.masterOf(key)).port}`;
    expect(others.map((client) => ownerOf(client, key))).toEqual(others.map(() => old));
    await cluster.killMasterOf(key);
    const promoted = `127.0.0.1:${(await cluster.masterOf(key)).port}`;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(others.map((client) => ownerOf(client, key))).toEqual(others.map(() => old));
    expect(await first!.set(key, 'after failover')).toBe('OK');
    await waitFor(() => others.every((client) => ownerOf(client, key) === promoted), {
      what: 'every client to know the promoted master',
      timeoutMs: 2_000,
    });
    expect(await others[0]!.get(key)).toBe('after failover');
  }, 40_000);

  it('idle clients learn of a failover within one interval of the group', async () => {
    const idle = await clientsIn(new SlotRefreshGroup(500), 4);
    const key = 'wc:test:idle-failover';
    await cluster.killMasterOf(key);
    const promoted = `127.0.0.1:${(await cluster.masterOf(key)).port}`;
    await waitFor(() => idle.every((client) => ownerOf(client, key) === promoted), {
      what: 'every idle client to know the promoted master',
      timeoutMs: 3_000,
    });
  }, 40_000);
});
