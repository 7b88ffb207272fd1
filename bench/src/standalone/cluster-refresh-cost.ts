// Redis CPU of idle Cluster clients: 1 client and 63 duplicates (a session worker's BullMQ
// connections) on a 3-master Cluster, each refreshing its slot map on its own 5 s timer (ioredis'
// default) or sharing one refresh per process (SlotRefreshGroup), against no client at all (the
// cluster's own floor: cluster bus and three servers' cron) and one idle Redis for comparison.
// Run: pnpm tsx bench/src/standalone/cluster-refresh-cost.ts [seconds=15] [rounds=3]
import { GroupRefreshedCluster, SlotRefreshGroup } from '@wildcat/redis-bus';
import { startRedis, startRedisCluster } from '@wildcat/testkit';
import { Cluster, Redis } from 'ioredis';
import { redisCpuMs } from '../lib/redis-cpu.js';

const [seconds = 15, rounds = 3] = process.argv.slice(2, 4).map(Number);
const cluster = await startRedisCluster({ replicas: 0, appendOnly: false });
const single = await startRedis({ appendOnly: false });
const seeds = cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port }));
const masters = cluster.nodes.map((node) => new Redis(node.url));
const alone = new Redis(single.url);
const sum = async (nodes: Redis[]) => (await Promise.all(nodes.map(redisCpuMs))).reduce((a, b) => a + b, 0);

type Mode = 'no client' | 'per-client 5 s timers' | 'one shared refresh';

/** Redis CPU ms per second of the masters (and of the lone Redis) with `mode`'s clients idle. */
async function idle(mode: Mode): Promise<[number, number]> {
  const clients: Cluster[] = [];
  if (mode !== 'no client') {
    const first =
      mode === 'one shared refresh'
        ? new GroupRefreshedCluster(seeds, {}, new SlotRefreshGroup())
        : new Cluster(seeds, { slotsRefreshInterval: 5_000 });
    clients.push(first, ...Array.from({ length: 63 }, () => first.duplicate()));
    await Promise.all(clients.map((client) => client.ping()));
  }
  await new Promise((done) => setTimeout(done, 1_000));
  const [clusterFrom, singleFrom] = [await sum(masters), await redisCpuMs(alone)];
  await new Promise((done) => setTimeout(done, seconds * 1_000));
  const used: [number, number] = [
    ((await sum(masters)) - clusterFrom) / seconds,
    ((await redisCpuMs(alone)) - singleFrom) / seconds,
  ];
  for (const client of clients) client.disconnect();
  return used;
}

try {
  for (let round = 1; round <= rounds; round++)
    for (const mode of ['no client', 'per-client 5 s timers', 'one shared refresh'] as const) {
      const [onCluster, onSingle] = await idle(mode);
      console.log(
        `round ${round}, ${mode.padEnd(22)} cluster ${onCluster.toFixed(2)} ms/s (one idle Redis ${onSingle.toFixed(2)})`,
      );
    }
} finally {
  for (const node of [...masters, alone]) node.disconnect();
  await cluster.destroy();
  await single.destroy();
}
