import { type PrivateRedisCluster, startRedisCluster } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { openLoop } from './lib/open-loop.js';
import { redisCpuMs } from './lib/redis-cpu.js';
import { seedPairedAccounts, untilConnected } from './lib/seed.js';
import { waitingSend } from './lib/send-requests.js';
import { type BenchStack, startBenchStack } from './lib/stack.js';
import { ratio, round, summarize } from './lib/stats.js';

export interface NodeCpu {
  /** `127.0.0.1:port` of the master. */
  node: string;
  /** Redis CPU (user + sys) per second of the run, in ms: 1000 = one core. */
  cpuMsPerSecond: number;
  /** This master's part of all Redis CPU in the run. */
  share: number;
}

export interface ScaleOutRun {
  redis: 'single' | 'cluster';
  achieved: number;
  failed: number;
  p50: number;
  p99: number;
  nodes: NodeCpu[];
  /** All masters' CPU over the run divided by the sends answered 200. */
  redisCpuPerSendMs: number;
  /** Every master's CPU per second with the stack idle just before (leases, polls, cluster bus). */
  idleCpuMsPerSecond: number;
}

export interface ScaleOut {
  accounts: number;
  offered: number;
  seconds: number;
  single: ScaleOutRun;
  cluster: ScaleOutRun;
  /** Cluster's Redis CPU per send over the single primary's (≈ 1: clustering adds no per-message cost). */
  perSendRatio: number;
}

/** The same stack as the send benchmark (1 gateway, 1 session worker, 1 webhook worker, sandbox). */
const SHAPE = { gateways: 1, sessionWorkers: 0, webhookWorkers: 1 };
const ENV = { RATE_LIMIT_MAX: '0' };

async function measure(
  bench: BenchStack,
  mode: ScaleOutRun['redis'],
  ids: readonly string[],
  rate: number,
  ms: number,
): Promise<ScaleOutRun> {
  await seedPairedAccounts(bench.stack.mongo.url, bench.redis, ids);
  await bench.stack.addSessionWorker();
  await untilConnected(bench.redis, ids, 120_000);
  const pool = new Pool(bench.api, { connections: 256 });
  const nodes = bench.masters.map((master) => new Redis(master.url));
  try {
    const fire = waitingSend(pool, bench.headers, ids);
    await openLoop(Math.min(rate, 100), Math.min(ms, 3_000), fire); // warm-up: JIT, pools, slot maps
    const cpu = async () => (await Promise.all(nodes.map(redisCpuMs))).reduce((sum, ms) => sum + ms, 0);
    const idleFrom = await cpu();
    await new Promise((done) => setTimeout(done, ms / 2));
    const idle = (await cpu()) - idleFrom;
    const before = await Promise.all(nodes.map(redisCpuMs));
    const started = performance.now();
    const result = await openLoop(rate, ms, fire);
    const seconds = (performance.now() - started) / 1000;
    const used = await Promise.all(
      nodes.map(async (node, i) => (await redisCpuMs(node)) - (before[i] as number)),
    );
    const total = used.reduce((sum, ms) => sum + ms, 0);
    const latency = summarize(result.latencies);
    return {
      redis: mode,
      achieved: round(result.achievedRate, 0),
      failed: result.failed,
      p50: latency.p50,
      p99: latency.p99,
      nodes: bench.masters.map((master, i) => ({
        node: `127.0.0.1:${master.port}`,
        cpuMsPerSecond: round((used[i] as number) / seconds, 1),
        share: round((used[i] as number) / total, 3),
      })),
      redisCpuPerSendMs: round(total / Math.max(1, result.latencies.length), 3),
      idleCpuMsPerSecond: round(idle / (ms / 2 / 1000), 1),
    };
  } finally {
    for (const node of nodes) node.disconnect();
    await pool.close();
  }
}

/**
 * Item 7: the same `wait=true` send load (same offered rate, accounts and stack shape, on the same
 * box, one after the other) on one Redis primary and on a 3-master Redis Cluster (no replicas, no
 * AOF on either, so both measure Redis and not replication or the disk): sends/s, latency and Redis
 * CPU per master — the load spread over the masters, and the Redis CPU per send unchanged.
 */
export async function scaleOut(quick: boolean): Promise<ScaleOut> {
  const rate = quick ? 40 : 100;
  const ms = quick ? 2_000 : 10_000;
  const ids = Array.from({ length: quick ? 10 : 100 }, (_, i) => `scale${i}`);
  const single = await startBenchStack(SHAPE, ENV);
  let singleRun: ScaleOutRun;
  try {
    singleRun = await measure(single, 'single', ids, rate, ms);
  } finally {
    await single.stop();
  }
  let cluster: PrivateRedisCluster | undefined;
  let clustered: BenchStack | undefined;
  try {
    cluster = await startRedisCluster({ replicas: 0, appendOnly: false });
    clustered = await startBenchStack(SHAPE, ENV, {}, { cluster, masters: cluster.nodes });
    const clusterRun = await measure(clustered, 'cluster', ids, rate, ms);
    return {
      accounts: ids.length,
      offered: rate,
      seconds: ms / 1000,
      single: singleRun,
      cluster: clusterRun,
      perSendRatio: ratio(clusterRun.redisCpuPerSendMs, singleRun.redisCpuPerSendMs),
    };
  } finally {
    await clustered?.stop();
    await cluster?.destroy();
  }
}
