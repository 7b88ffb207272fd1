import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createStore } from '@wildcat/store';
import { freePort, waitFor } from '@wildcat/testkit';
import { authStateFromStore, type DisconnectInfo, type WaSession } from '@wildcat/wa';
import pino from 'pino';
// relative: the bench package does not depend on these two (the adapter and the test peer)
import { createBaileysEngine } from '../packages/wa-baileys/src/index.js';
import { installTestRoot } from '../packages/wa-peer/src/index.js';

/**
 * Memory per idle connected Baileys session, through our adapter (auth state in MongoDB, keys
 * read on demand): N sessions in this process, the protocol peer and the database each in a
 * child process so their memory does not count.
 *
 *   node --expose-gc --import tsx bench/baileys-memory.ts [--sessions 100] [--concurrency 4]
 *        [--mongodb-url mongodb://…]   (default: a devdb child process)
 */
const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    'mongodb-url': { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const concurrency = Number(values.concurrency);
const root = fileURLToPath(new URL('../', import.meta.url));

const children: ChildProcess[] = [];
function child(script: string, args: string[] = []) {
  const proc = spawn(process.execPath, ['--import', 'tsx', `${root}${script}`, ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(proc);
  return { proc, lines: createInterface({ input: proc.stdout! })[Symbol.asyncIterator]() };
}

// the peer (scans QRs on request: one JSON line in, one out)
const peer = child('packages/wa-peer/test/bench/peer-process.ts');
const hello = JSON.parse((await peer.lines.next()).value as string) as { url: string; root: string };
installTestRoot(Buffer.from(hello.root, 'base64'));
let scanId = 0;
let scanQueue = Promise.resolve();
function scan(qr: string, phone: string): Promise<void> {
  const run = scanQueue.then(async () => {
    peer.proc.stdin!.write(`${JSON.stringify({ id: ++scanId, scan: qr, phone })}\n`);
    const answer = JSON.parse((await peer.lines.next()).value as string) as { ok: boolean; error?: string };
    if (!answer.ok) throw new Error(answer.error);
  });
  scanQueue = run.catch(() => undefined);
  return run;
}

let mongoUrl = values['mongodb-url'];
if (!mongoUrl) {
  const port = await freePort();
  const devdb = child('packages/devdb/src/cli.ts', ['--port', String(port), '--quiet']);
  while (!String((await devdb.lines.next()).value).includes('listening'));
  mongoUrl = `mongodb://127.0.0.1:${port}`;
}
const store = await createStore({ url: mongoUrl, dbName: `bench_baileys_${Date.now()}` });
const engine = createBaileysEngine({ waWebSocketUrl: hello.url, logLevel: 'silent' });
const logger = pino({ level: 'silent' });
const open: WaSession[] = [];

async function connect(i: number) {
  const seen = {
    qr: undefined as string | undefined,
    open: false,
    close: undefined as DisconnectInfo | undefined,
  };
  const session = await engine.connect({
    accountId: `bench-${i}`,
    auth: authStateFromStore(store.authState(`auth_bench_${i}`), 1),
    handlers: {
      onQr: (qr) => {
        seen.qr ??= qr;
      },
      onOpen: () => {
        seen.open = true;
      },
      onClose: (info) => {
        seen.close = info;
      },
      onMessage: () => undefined,
      onReceipt: () => undefined,
    },
    logger,
    getMessage: async () => undefined,
  });
  return { session, seen };
}

/** QR → scan → 515 → reconnect → open, as the worker's policy does it. */
async function addSession(i: number): Promise<void> {
  const first = await connect(i);
  const qr = await waitFor(() => first.seen.qr, { timeoutMs: 60_000, what: `QR ${i}` });
  await scan(qr, `1555200${String(i).padStart(4, '0')}`);
  const closed = await waitFor(() => first.seen.close, { timeoutMs: 60_000, what: `515 ${i}` });
  if (closed.code !== 515) throw new Error(`session ${i}: expected 515, got ${closed.code}`);
  const second = await connect(i);
  await waitFor(() => second.seen.open, { timeoutMs: 120_000, what: `open ${i}` });
  open.push(second.session);
}

function measure() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}
const mb = (n: number) => Number((n / 1024 / 1024).toFixed(2));

if (!globalThis.gc) throw new Error('run with node --expose-gc');
// warm-up: module graph, WASM bridge, driver pool, first socket; then the baseline
await addSession(0);
await sleep(2000);
const base = measure();
const started = Date.now();
for (let next = 1; next <= sessions; ) {
  const batch = [];
  for (let k = 0; k < concurrency && next <= sessions; k++) batch.push(addSession(next++));
  await Promise.all(batch);
}
const pairMs = Date.now() - started;
await sleep(10_000); // idle: post-login queries done, keepalive pings only
const after = measure();
const stillOpen = open.filter((s) => s.isOpen()).length;
const per = (key: keyof typeof base) => mb((after[key] - base[key]) / sessions);
console.log(
  JSON.stringify({
    sessions,
    openAtMeasurement: stillOpen - 1,
    node: process.version,
    baseline: { rssMb: mb(base.rss), heapUsedMb: mb(base.heapUsed) },
    after: { rssMb: mb(after.rss), heapUsedMb: mb(after.heapUsed), externalMb: mb(after.external) },
    perSessionMb: { rss: per('rss'), heapUsed: per('heapUsed'), external: per('external') },
    pairAndOpenSeconds: Math.round(pairMs / 1000),
  }),
);
for (const session of open) await session.close(); // ends every socket (the 30 s prekey timer)
await engine.close();
await store.db.dropDatabase().catch(() => undefined);
await store.close();
for (const proc of children) proc.kill();
process.exit(0);
