// `pnpm --filter @wildcat/bench run profile --app gateway --load send`: one app of the real stack
// under `node --cpu-prof` while a load runs, then its heaviest frames and owners by self time.
// The .cpuprofile stays in bench/tmp/profiles/ (open it in Chrome DevTools or speedscope for a
// flame graph).
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { summarizeCpuProfile } from './lib/cpu-profile-summary.js';
import { openLoop } from './lib/open-loop.js';
import { seedPairedAccounts, untilConnected } from './lib/seed.js';
import { textSendBody, waitingSend } from './lib/send-requests.js';
import { startBenchStack, UNDRAINED_SENDS_ENV } from './lib/stack.js';

const APPS = ['gateway', 'session-worker'] as const;
const LOADS = ['ping', 'send', 'send-wait'] as const;
const { values } = parseArgs({
  options: {
    app: { type: 'string', default: 'gateway' },
    load: { type: 'string', default: 'send' },
    seconds: { type: 'string', default: '8' },
    rate: { type: 'string', default: '200' },
    accounts: { type: 'string', default: '100' },
    top: { type: 'string', default: '30' },
  },
});
const app = values.app as (typeof APPS)[number];
const load = values.load as (typeof LOADS)[number];
if (!APPS.includes(app) || !LOADS.includes(load)) {
  console.error(`--app is one of ${APPS.join(', ')}; --load one of ${LOADS.join(', ')}`);
  process.exit(2);
}
const seconds = Number(values.seconds);
const dir = fileURLToPath(
  new URL(`../tmp/profiles/${new Date().toISOString().replace(/[:.]/g, '-')}`, import.meta.url),
);
mkdirSync(dir, { recursive: true });

console.error(`[profile] starting the stack with ${app} under --cpu-prof…`);
const bench = await startBenchStack(
  { gateways: 1, sessionWorkers: 0, webhookWorkers: 0 },
  load === 'send-wait' ? { RATE_LIMIT_MAX: '0' } : UNDRAINED_SENDS_ENV,
  { [app]: ['--cpu-prof', `--cpu-prof-dir=${dir}`] },
);
try {
  if (load === 'send-wait') {
    const ids = Array.from({ length: Number(values.accounts) }, (_, i) => `prof-${i}`);
    await seedPairedAccounts(bench.stack.mongo.url, bench.redis, ids);
    // Seeded before the worker starts, so it connects them when it takes its shards.
    await bench.stack.addSessionWorker();
    await untilConnected(bench.redis, ids, 120_000);
    const pool = new Pool(bench.api, { connections: 256 });
    const rate = Number(values.rate);
    console.error(`[profile] ${rate} sends/s with wait=true for ${seconds} s over ${ids.length} accounts…`);
    const result = await openLoop(rate, seconds * 1000, waitingSend(pool, bench.headers, ids));
    console.error(`[profile] achieved ${Math.round(result.achievedRate)}/s, ${result.failed} failed`);
    await pool.close();
  } else {
    await fetch(`${bench.api}/accounts`, {
      method: 'POST',
      headers: bench.headers,
      body: JSON.stringify({ id: 'prof' }),
    });
    const request =
      load === 'ping'
        ? { url: `${bench.api}/ping`, headers: bench.headers }
        : {
            url: `${bench.api}/accounts/prof/message/send?wait=false`,
            method: 'POST' as const,
            headers: bench.headers,
            body: textSendBody(0),
          };
    console.error(`[profile] autocannon ${load}, 50 connections, ${seconds} s…`);
    const result = await autocannon({ ...request, connections: 50, duration: seconds });
    console.error(`[profile] ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`);
  }
} finally {
  await bench.stop();
}

// Node writes the profile as the process exits; the app process has exited once stop() resolves.
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .map((name) => join(dir, name))
  .sort((a, b) => statSync(b).size - statSync(a).size);
const main = files[0];
if (!main) throw new Error(`no .cpuprofile in ${dir}: did ${app} exit cleanly?`);
const summary = summarizeCpuProfile(JSON.parse(readFileSync(main, 'utf8')), Number(values.top));
const busy = summary.totalMs - summary.idleMs;
console.log(
  `${main}\nsampled ${summary.totalMs} ms: busy ${busy} ms (GC ${summary.gcMs} ms), idle ${summary.idleMs} ms`,
);
console.log('\nself time by frame:');
for (const { frame, ms } of summary.frames) console.log(`${String(ms).padStart(7)} ms  ${frame}`);
console.log('\nself time by owner:');
for (const { owner, ms } of summary.owners) console.log(`${String(ms).padStart(7)} ms  ${owner}`);
process.exit(0);
