// Item 2's load (wait=true sends, 100 paired sandbox accounts, open loop, 8 s per rate) with devdb
// journaled (the dev stack's default: every acknowledged write waits for an fdatasync) and devdb in
// memory, one stack after the other in one script, to tell what the journal costs a waiting send.
// Run: pnpm tsx bench/src/standalone/send-wait-devdb.ts journal memory journal memory
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { startStack } from '@wildcat/dev-stack';
import { freePort, startRedis } from '@wildcat/testkit';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { repoRoot, workspaceScript } from '../lib/child.js';
import { openLoop } from '../lib/open-loop.js';
import { seedPairedAccounts, untilConnected } from '../lib/seed.js';
import { waitingSend } from '../lib/send-requests.js';
import { summarize } from '../lib/stats.js';

async function untilListening(port: number): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const open = await new Promise<boolean>((answer) => {
      const socket = connect(port, '127.0.0.1', () => answer(socket.end() !== undefined));
      socket.on('error', () => answer(false));
    });
    if (open) return;
    await new Promise((retry) => setTimeout(retry, 100));
  }
  throw new Error(`devdb did not listen on ${port} within 30 s`);
}

async function run(mode: 'journal' | 'memory') {
  let devdb: ReturnType<typeof spawn> | undefined;
  let mongodbUrl: string | undefined;
  if (mode === 'memory') {
    const port = await freePort();
    devdb = spawn(
      process.execPath,
      ['--import', 'tsx', workspaceScript('@wildcat/devdb/cli'), '--port', String(port), '--quiet'],
      { cwd: repoRoot, stdio: 'ignore' },
    );
    await untilListening(port);
    mongodbUrl = `mongodb://127.0.0.1:${port}`;
  }
  const redisServer = await startRedis();
  const stack = await startStack({
    root: repoRoot,
    engine: 'sandbox',
    redisUrl: redisServer.url,
    gateways: 1,
    sessionWorkers: 0,
    webhookWorkers: 1,
    output: null,
    healthTimeoutMs: 120_000,
    progress: () => undefined,
    ...(mongodbUrl ? { mongodbUrl } : {}),
    env: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '0',
      SEND_RATE_PER_MINUTE: '1000000',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    },
  });
  const redis = new Redis(redisServer.url);
  const ids = Array.from({ length: 100 }, (_, i) => `acct${i}`);
  await seedPairedAccounts(stack.mongo.url, redis, ids);
  await stack.addSessionWorker();
  await untilConnected(redis, ids, 120_000);
  const pool = new Pool(stack.gateways[0]!.url, { connections: 256 });
  const fire = waitingSend(pool, { 'x-api-key': stack.apiKey, 'content-type': 'application/json' }, ids);
  await openLoop(100, 3000, fire);
  const out: string[] = [];
  for (const rate of [100, 500, 1000]) {
    const r = await openLoop(rate, 8000, fire);
    const s = summarize(r.latencies);
    out.push(
      `${mode} ${rate}/s: achieved ${Math.round(r.achievedRate)} failed ${r.failed} p50 ${s.p50} p99 ${s.p99} max ${s.max}`,
    );
    console.log(out.at(-1), readFileSync('/proc/loadavg', 'utf8').trim());
    await new Promise((d) => setTimeout(d, 1000));
  }
  await pool.close();
  redis.disconnect();
  await stack.stop();
  await redisServer.destroy();
  devdb?.kill('SIGKILL');
}
const modes = process.argv.slice(2);
if (modes.length === 0 || modes.some((mode) => mode !== 'journal' && mode !== 'memory'))
  throw new Error('usage: send-wait-devdb.ts journal|memory ...');
for (const mode of modes as Array<'journal' | 'memory'>) await run(mode);
process.exit(0);
