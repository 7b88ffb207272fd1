// Where Redis spends its CPU per sent message: the stack of `pnpm bench` item 3 (1 gateway, 1
// session worker, 1 webhook worker, sandbox engine, 100 paired accounts, private Redis), first
// idle, then `wait=true` sends at a constant rate, each phase read through `INFO commandstats`
// and `INFO cpu` before and after. Prints calls and microseconds per send by command.
// Run: pnpm tsx bench/src/standalone/redis-send-cost.ts [rate=500] [seconds=8] [cluster]
// (`cluster`: the same on a 3-master Redis Cluster without replicas or AOF, summed over the masters).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { startRedisCluster } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { openLoop } from '../lib/open-loop.js';
import { redisCpuMs } from '../lib/redis-cpu.js';
import { seedPairedAccounts, untilConnected } from '../lib/seed.js';
import { waitingSend } from '../lib/send-requests.js';
import { startBenchStack } from '../lib/stack.js';

const [rate = 500, seconds = 8] = process.argv.slice(2, 4).map(Number);
const onCluster = process.argv[4] === 'cluster';

type Stats = Map<string, { calls: number; usec: number }>;

async function commandStats(nodes: readonly Redis[]): Promise<Stats> {
  const stats: Stats = new Map();
  for (const node of nodes) {
    const info = await node.info('commandstats');
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      const known = stats.get(match[1] as string) ?? { calls: 0, usec: 0 };
      stats.set(match[1] as string, {
        calls: known.calls + Number(match[2]),
        usec: known.usec + Number(match[3]),
      });
    }
  }
  return stats;
}

async function cpuMs(nodes: readonly Redis[]): Promise<number> {
  return (await Promise.all(nodes.map(redisCpuMs))).reduce((sum, ms) => sum + ms, 0);
}

function diff(before: Stats, after: Stats, per: number) {
  return [...after]
    .map(([name, { calls, usec }]) => ({
      name,
      calls: (calls - (before.get(name)?.calls ?? 0)) / per,
      usec: (usec - (before.get(name)?.usec ?? 0)) / per,
    }))
    .filter((row) => row.calls > 0)
    .sort((a, b) => b.usec - a.usec);
}

async function phase(nodes: readonly Redis[], run: () => Promise<number>) {
  const stats = await commandStats(nodes);
  const cpu = await cpuMs(nodes);
  const per = await run();
  const used = (await cpuMs(nodes)) - cpu;
  return { per, cpuMs: used, rows: diff(stats, await commandStats(nodes), per) };
}

function print(title: string, result: Awaited<ReturnType<typeof phase>>, unit: string) {
  const total = result.rows.reduce((sum, row) => sum + row.usec, 0);
  console.log(`\n${title}: Redis CPU ${(result.cpuMs / result.per).toFixed(3)} ms per ${unit}`);
  console.log(`commands: ${(total / 1000).toFixed(3)} ms per ${unit} (the rest is I/O and event loop)`);
  console.log(`${'command'.padEnd(28)} ${'calls'.padStart(8)} ${'usec'.padStart(8)}`);
  for (const row of result.rows)
    console.log(
      `${row.name.padEnd(28)} ${row.calls.toFixed(3).padStart(8)} ${row.usec.toFixed(1).padStart(8)}`,
    );
}

const cluster = onCluster ? await startRedisCluster({ replicas: 0, appendOnly: false }) : undefined;
const bench = await startBenchStack(
  { gateways: 1, sessionWorkers: 0, webhookWorkers: 1 },
  { RATE_LIMIT_MAX: '0', WEBHOOK_CONCURRENCY: '50', WEBHOOK_ENDPOINT_CONCURRENCY: '50' },
  {},
  cluster ? { cluster, masters: cluster.nodes } : undefined,
);
const nodes = bench.masters.map((master) => new Redis(master.url));
try {
  const ids = Array.from({ length: 100 }, (_, i) => `acct${i}`);
  await seedPairedAccounts(bench.stack.mongo.url, bench.redis, ids);
  await bench.stack.addSessionWorker();
  await untilConnected(bench.redis, ids, 120_000);
  const pool = new Pool(bench.api, { connections: 256 });
  const fire = waitingSend(pool, bench.headers, ids);
  await openLoop(100, 3_000, fire);
  await new Promise((done) => setTimeout(done, 2_000));
  const idle = await phase(nodes, async () => {
    await new Promise((done) => setTimeout(done, seconds * 1000));
    return seconds;
  });
  print('idle', idle, 'second');
  const sends = await phase(nodes, async () => {
    const result = await openLoop(rate, seconds * 1000, fire);
    console.log(
      `\n${rate}/s offered: ${Math.round(result.achievedRate)}/s achieved, ${result.failed} failed`,
    );
    return result.latencies.length;
  });
  print(`sends at ${rate}/s`, sends, 'send');
  if (process.env.MONITOR_FILE) {
    // Which scripts and keys: 2 s of MONITOR during the same load (for attribution only).
    const url = new URL(bench.redisServer.url);
    const monitor = spawn('redis-cli', ['-p', url.port, 'monitor'], { stdio: ['ignore', 'pipe', 'inherit'] });
    monitor.stdout.pipe(createWriteStream(process.env.MONITOR_FILE));
    const sent = openLoop(rate, 3_000, fire);
    await new Promise((done) => setTimeout(done, 1_000));
    monitor.kill();
    await sent;
  }
  console.log(
    `\nof which idle background: ${((idle.cpuMs / idle.per) * (seconds / sends.per)).toFixed(3)} ms per send`,
  );
  await pool.close();
} finally {
  for (const node of nodes) node.disconnect();
  await bench.stop();
  await cluster?.destroy();
}
process.exit(0);
