import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { BufferJSON, type ConnectionState, makeWASocket } from '@whiskeysockets/baileys';
import { waitFor } from '@wildcat/testkit';
import pino from 'pino';
import { installTestRoot } from '../../src/index.js';
import { type MemoryAuth, memoryAuth } from '../baileys-client.js';

/**
 * Memory per idle connected Baileys session: N real sockets in this process against a peer in
 * a child process. Run: `node --expose-gc --import tsx test/bench/memory.ts [N]`.
 */
const sessions = Number(process.argv[2] ?? 100);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('../../src/peer-process.ts', import.meta.url).pathname],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const hello = JSON.parse((await lines.next()).value as string) as { url: string; root: string };
installTestRoot(Buffer.from(hello.root, 'base64'));
let nextId = 1;
async function scan(qr: string, phone: string) {
  const id = nextId++;
  child.stdin!.write(`${JSON.stringify({ id, scan: qr, phone })}\n`);
  const answer = JSON.parse((await lines.next()).value as string) as { ok: boolean; error?: string };
  if (!answer.ok) throw new Error(answer.error);
}

const logger = pino({ level: 'silent' });
function open(auth: MemoryAuth) {
  const updates: Partial<ConnectionState>[] = [];
  const sock = makeWASocket({
    waWebSocketUrl: hello.url,
    auth,
    logger,
    syncFullHistory: false,
    markOnlineOnConnect: false,
  });
  sock.ev.on('creds.update', (u) => Object.assign(auth.creds, u));
  sock.ev.on('connection.update', (u) => updates.push(u));
  return { sock, updates };
}

function measure() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

// warm up Baileys (module graph, WASM bridge) with one session, then take the baseline
const socks: ReturnType<typeof makeWASocket>[] = [];
const auths: MemoryAuth[] = [];
async function addSession(i: number) {
  const auth = memoryAuth();
  const first = open(auth);
  const { qr } = await waitFor(() => first.updates.find((u) => u.qr), { timeoutMs: 20_000 });
  await scan(qr!, `1555100${String(i).padStart(4, '0')}`);
  await waitFor(() => first.updates.find((u) => u.connection === 'close'), { timeoutMs: 20_000 });
  first.sock.end(undefined);
  const second = open(auth);
  await waitFor(() => second.updates.find((u) => u.connection === 'open'), { timeoutMs: 20_000 });
  socks.push(second.sock);
  auths.push(auth);
}
await addSession(0);
await sleep(1000);
const base = measure();
const started = Date.now();
for (let i = 1; i <= sessions; i++) await addSession(i);
const pairMs = (Date.now() - started) / sessions;
await sleep(5000);
const after = measure();
const authBytes = JSON.stringify(auths[1]?.creds, BufferJSON.replacer).length;
console.log(
  JSON.stringify({
    sessions,
    baseline: { rss: mb(base.rss), heapUsed: mb(base.heapUsed) },
    after: { rss: mb(after.rss), heapUsed: mb(after.heapUsed) },
    perSession: {
      rss: mb((after.rss - base.rss) / sessions),
      heapUsed: mb((after.heapUsed - base.heapUsed) / sessions),
      external: mb((after.external - base.external) / sessions),
    },
    pairAndOpenMs: Math.round(pairMs),
    credsJsonBytes: authBytes,
  }),
);
for (const sock of socks) sock.end(undefined);
child.stdin!.end();
child.kill();
process.exit(0);
