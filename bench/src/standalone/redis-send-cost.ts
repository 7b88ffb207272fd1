// Where Redis spends its CPU per sent message: the stack of `pnpm bench` item 3 (1 gateway, 1
// session worker, 1 webhook worker, sandbox engine, 100 paired accounts, private Redis), first
// idle, then `wait=true` sends at a constant rate, each phase read through `INFO commandstats`
// and `INFO cpu` before and after. Prints calls and microseconds per send by command.
// Run: pnpm tsx bench/src/standalone/redis-send-cost.ts [rate=500] [seconds=8]
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { Redis } from 'ioredis';
import { Pool } from 'undici';
import { openLoop } from '../lib/open-loop.js';
import { redisCpuMs } from '../lib/redis-cpu.js';
import { seedPairedAccounts, untilConnected } from '../lib/seed.js';
import { waitingSend } from '../lib/send-requests.js';
import { startBenchStack } from '../lib/stack.js';

const [rate = 500, seconds = 8] = process.argv.slice(2).map(Number);

type Stats = Map<string, { calls: number; usec: number }>;

async function commandStats(redis: Redis): Promise<Stats> {
  const stats: Stats = new Map();
  const info = await redis.info('commandstats');
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm))
    stats.set(match[1] as string, { calls: Number(match[2]), usec: Number(match[3]) });
  return stats;
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

async function phase(redis: Redis, run: () => Promise<number>) {
  const stats = await commandStats(redis);
  const cpu = await redisCpuMs(redis);
  const per = await run();
  const cpuMs = (await redisCpuMs(redis)) - cpu;
  return { per, cpuMs, rows: diff(stats, await commandStats(redis), per) };
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

const bench = await startBenchStack(
  { gateways: 1, sessionWorkers: 0, webhookWorkers: 1 },
  { RATE_LIMIT_MAX: '0', WEBHOOK_CONCURRENCY: '50', WEBHOOK_ENDPOINT_CONCURRENCY: '50' },
);
try {
  const ids = Array.from({ length: 100 }, (_, i) => `acct${i}`);
  await seedPairedAccounts(bench.stack.mongo.url, bench.redis, ids);
  await bench.stack.addSessionWorker();
  await untilConnected(bench.redis, ids, 120_000);
  const pool = new Pool(bench.api, { connections: 256 });
  const fire = waitingSend(pool, bench.headers, ids);
  await openLoop(100, 3_000, fire);
  await new Promise((done) => setTimeout(done, 2_000));
  const idle = await phase(bench.redis, async () => {
    await new Promise((done) => setTimeout(done, seconds * 1000));
    return seconds;
  });
  print('idle', idle, 'second');
  const sends = await phase(bench.redis, async () => {
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
  await bench.stop();
}
process.exit(0);
