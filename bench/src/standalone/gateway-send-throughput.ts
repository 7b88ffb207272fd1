// Sends per second through the gateway (?wait=false, 202) against the plain zod + queue.add route
// (servers/baseline-server.ts, the baseline of `pnpm bench` item 1 too), each server in its own
// process on one private Redis and devdb, loaded by an undici pool.
// Run: pnpm tsx bench/src/standalone/gateway-send-throughput.ts
import { spawn } from 'node:child_process';
import { startDevdb } from '@wildcat/devdb';
import { freePort, startRedis, waitFor } from '@wildcat/testkit';
import { Pool } from 'undici';
import { repoRoot, spawnScript } from '../lib/child.js';

const DURATION_MS = 5_000;
const CONNECTIONS = 64;

/** The gateway app as its own process, as deployed (no API key: loopback only). */
async function startGateway(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const response = await fetch(`${base}/accounts/bench/message/send?wait=false`, {
        method: 'POST',
      }).catch(() => undefined);
      return response !== undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  return { base, stop: () => child.kill('SIGTERM') };
}

async function load(base: string): Promise<number> {
  const pool = new Pool(base, { connections: CONNECTIONS });
  const body = JSON.stringify({ to: '919876543210@s.whatsapp.net', message: 'bench' });
  const deadline = Date.now() + DURATION_MS;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const response = await pool.request({
          method: 'POST',
          path: '/accounts/bench/message/send?wait=false',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.body.dump();
        if (response.statusCode === 202) done++;
        else failed++;
      }
    }),
  );
  await pool.close();
  if (failed > 0) console.log(`  ${failed} requests failed`);
  return done / (DURATION_MS / 1000);
}

const redis = await startRedis();
const devdb = await startDevdb({ quiet: true });
const env = { REDIS_URL: redis.url, MONGODB_URL: devdb.url, MONGODB_DB: 'bench', SHARDS: '32' };
try {
  const plain = spawnScript('servers/baseline-server.ts', [], env);
  const { url: plainBase } = await plain.next<{ url: string }>();
  await load(plainBase); // warm-up
  const plainRate = await load(plainBase);
  plain.kill();
  const gateway = await startGateway(env);
  await fetch(`${gateway.base}/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'bench' }),
  });
  await load(gateway.base); // warm-up
  const gatewayRate = await load(gateway.base);
  gateway.stop();
  console.log(`plain zod + queue.add: ${plainRate.toFixed(0)} req/s`);
  console.log(
    `gateway (batched adds): ${gatewayRate.toFixed(0)} req/s (${(gatewayRate / plainRate).toFixed(2)}x)`,
  );
} finally {
  await redis.destroy();
  await devdb.close();
}
