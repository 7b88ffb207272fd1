// POST /accounts/:id/contacts/check of 50 numbers through the real stack (sandbox engine: one
// gateway, one session worker), cold (every number new: the gateway's cache misses, one control
// job, the worker's paced look-up, the cache write) and cached (the same 50 again: one MGET), each
// as a ratio against a single plain Redis round trip (GET) from this process in the same run.
// Run: /work/heavy.sh pnpm tsx bench/src/standalone/contacts-check.ts
import { rmSync } from 'node:fs';
import { startStack } from '@wildcat/dev-stack';
import { waitFor } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { repoRoot } from '../lib/child.js';

const NUMBERS = 50;
const COLD_ROUNDS = 40;
const CACHED_PER_ROUND = 8;
const REDIS_PER_ROUND = 50;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const round = (value: number) => Math.round(value * 1000) / 1000;

const stack = await startStack({
  root: repoRoot,
  engine: 'sandbox',
  gateways: 1,
  sessionWorkers: 1,
  webhookWorkers: 0,
  output: null,
  progress: () => {},
  healthTimeoutMs: 180_000,
  // The per-key limit and the account's send pacing would measure policy, not the path.
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', SEND_RATE_PER_MINUTE: '1000000' },
});
const base = stack.gateways[0]!.url;
const pool = new Pool(base, { connections: 1 });
const headers = { 'content-type': 'application/json', 'x-api-key': stack.apiKey };
async function call(method: string, path: string, body?: unknown) {
  const response = await pool.request({
    method: method as 'POST',
    path,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? JSON.parse(text) : undefined };
}

try {
  await call('POST', '/accounts', { id: 'bench' });
  await waitFor(async () => (await call('GET', '/accounts/bench/status')).json?.qr, {
    what: 'QR',
    timeoutMs: 60_000,
  });
  await call('POST', '/sandbox/accounts/bench/scan');
  await waitFor(async () => (await call('GET', '/accounts/bench/status')).json?.status === 'connected', {
    what: 'connected',
    timeoutMs: 60_000,
  });
  const numbers = (roundIndex: number) =>
    Array.from(
      { length: NUMBERS },
      (_, i) => `+1 777 ${String(roundIndex).padStart(3, '0')} ${String(i).padStart(4, '0')}`,
    );
  const timed = async (list: string[]) => {
    const started = process.hrtime.bigint();
    const response = await call('POST', '/accounts/bench/contacts/check', { numbers: list });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.status !== 200 || response.json.results.length !== NUMBERS)
      throw new Error(`check failed: ${response.status} ${JSON.stringify(response.json)}`);
    return ms;
  };
  // Warm-up: compile paths in both processes.
  for (let i = 0; i < 5; i++) await timed(numbers(900 + i));
  const redis = new Redis(stack.redis.url);
  await redis.set('bench:plain', 'x');
  for (let i = 0; i < 200; i++) await redis.get('bench:plain');
  const redisGet = async () => {
    const started = process.hrtime.bigint();
    await redis.get('bench:plain');
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const ping = async () => {
    const started = process.hrtime.bigint();
    await call('GET', '/ping');
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  // Interleaved, so that every kind sees the same load on a shared machine: each round one cold
  // check of 50 new numbers, then the same 50 again (cached), /ping and plain GETs.
  const cold: number[] = [];
  const cached: number[] = [];
  const pings: number[] = [];
  const plain: number[] = [];
  for (let round = 0; round < COLD_ROUNDS; round++) {
    cold.push(await timed(numbers(round)));
    for (let i = 0; i < CACHED_PER_ROUND; i++) cached.push(await timed(numbers(round)));
    for (let i = 0; i < CACHED_PER_ROUND; i++) pings.push(await ping());
    for (let i = 0; i < REDIS_PER_ROUND; i++) plain.push(await redisGet());
  }
  redis.disconnect();

  const redisP50 = percentile(plain, 50);
  const report = {
    redisGet: { p50: round(redisP50), p99: round(percentile(plain, 99)) },
    cold: {
      p50: round(percentile(cold, 50)),
      p99: round(percentile(cold, 99)),
      ratio: round(percentile(cold, 50) / redisP50),
    },
    cached: {
      p50: round(percentile(cached, 50)),
      p99: round(percentile(cached, 99)),
      ratio: round(percentile(cached, 50) / redisP50),
    },
    gatewayPing: { p50: round(percentile(pings, 50)), ratio: round(percentile(pings, 50) / redisP50) },
    loadAverage: (await import('node:os')).loadavg().map(round),
    samples: { cold: cold.length, cached: cached.length, ping: pings.length, redis: plain.length },
  };
  console.log(JSON.stringify(report));
} finally {
  await pool.close();
  await stack.stop();
  rmSync(stack.dataDir, { recursive: true, force: true });
}
process.exit(0);
