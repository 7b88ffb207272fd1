// A change to the gateway's send path, measured in one run: this checkout's gateway, another
// checkout's (e.g. `git worktree add /tmp/before <commit>` + `pnpm install --offline`) and the
// plain zod + queue.add route take `POST send?wait=false` in turn, in short interleaved segments
// (the order rotating each round), so a load swing on a shared box hits all three alike. Each
// gateway has its own stack and Redis; CPU per request is each server process's, from /proc.
// Run: pnpm tsx bench/src/standalone/gateway-send-ab.ts <other checkout> [rounds] [seconds]
import { readFileSync } from 'node:fs';
import { startStack } from '@wildcat/dev-stack';
import { startRedis } from '@wildcat/testkit';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { repoRoot, spawnScript } from '../lib/child.js';
import { processCpuMs } from '../lib/process-cpu.js';
import { redisCpuMs } from '../lib/redis-cpu.js';
import { UNDRAINED_SENDS_ENV } from '../lib/stack.js';

const [other, rounds = 4, seconds = 2] = [
  process.argv[2],
  Number(process.argv[3] ?? 4),
  Number(process.argv[4] ?? 2),
];
if (!other) throw new Error('usage: gateway-send-ab.ts <other checkout> [rounds] [seconds]');
const BODY = JSON.stringify({ to: '19990000001@s.whatsapp.net', message: 'bench' });

async function gatewayAt(root: string) {
  const redisServer = await startRedis();
  const stack = await startStack({
    root,
    engine: 'sandbox',
    redisUrl: redisServer.url,
    gateways: 1,
    sessionWorkers: 0,
    webhookWorkers: 0,
    output: null,
    healthTimeoutMs: 120_000,
    progress: () => undefined,
    env: { LOG_LEVEL: 'warn', ...UNDRAINED_SENDS_ENV },
  });
  const headers = { 'x-api-key': stack.apiKey, 'content-type': 'application/json' };
  const api = stack.gateways[0]?.url ?? '';
  const created = await fetch(`${api}/accounts`, { method: 'POST', headers, body: '{"id":"bench"}' });
  if (!created.ok) throw new Error(`create account at ${root}: ${created.status}`);
  const redis = new Redis(redisServer.url);
  const stop = async () => {
    redis.disconnect();
    await stack.stop();
    await redisServer.destroy();
  };
  return {
    url: `${api}/accounts/bench/message/send?wait=false`,
    pid: stack.gateways[0]?.process.pid,
    headers,
    redis,
    redisServer,
    stop,
  };
}

const after = await gatewayAt(repoRoot);
const before = await gatewayAt(other);
const baseline = spawnScript('servers/baseline-server.ts', [], {
  REDIS_URL: after.redisServer.url,
  SHARDS: '32',
});
const { url: plainUrl } = await baseline.next<{ url: string }>();
const targets = [
  {
    name: 'plain zod + queue.add',
    url: `${plainUrl}/accounts/bench/message/send`,
    pid: baseline.proc.pid,
    headers: after.headers,
    redis: after.redis,
  },
  { name: `gateway at ${other}`, ...before },
  { name: 'gateway here', ...after },
].map((target) => ({ ...target, requests: 0, cpuMs: 0, redisMs: 0, p99s: [] as number[], non2xx: 0 }));
const hit = (target: (typeof targets)[number], duration: number) =>
  autocannon({
    url: target.url,
    method: 'POST',
    body: BODY,
    headers: target.headers,
    connections: 50,
    duration,
  });

for (const target of targets) await hit(target, 2); // warm-up: JIT, connection pools
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < targets.length; i++) {
    const target = targets[(i + round) % targets.length]!;
    const [cpu0, redis0] = [processCpuMs(target.pid ?? 0), await redisCpuMs(target.redis)];
    const result = await hit(target, seconds);
    target.cpuMs += processCpuMs(target.pid ?? 0) - cpu0;
    target.redisMs += (await redisCpuMs(target.redis)) - redis0;
    target.requests += result.requests.total;
    target.p99s.push(result.latency.p99);
    target.non2xx += result.non2xx;
  }
}
const plain = targets[0]!;
console.log(
  `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${rounds} × ${seconds} s per route, 50 connections`,
);
for (const t of targets) {
  const rate = Math.round(t.requests / rounds / seconds);
  const p99s = [...t.p99s].sort((a, b) => a - b).join('/');
  const cpu = ((t.cpuMs * 1000) / t.requests).toFixed(1);
  const redis = ((t.redisMs * 1000) / t.requests).toFixed(1);
  console.log(
    `${t.name}: ${rate} req/s (${(t.requests / plain.requests).toFixed(2)}× plain), segment p99s ${p99s} ms, non-2xx ${t.non2xx}; CPU ${cpu} µs/req, Redis ${redis} µs/req`,
  );
}
baseline.kill();
await Promise.all([after.stop(), before.stop()]);
process.exit(0);
