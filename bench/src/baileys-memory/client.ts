import { setTimeout as sleep } from 'node:timers/promises';
import { writeHeapSnapshot } from 'node:v8';
import { createStore } from '@wildcat/store';
import { waitFor } from '@wildcat/testkit';
import { type DisconnectInfo, FencedWriteError, type WaSession } from '@wildcat/wa';
import { createBaileysEngine } from '@wildcat/wa-baileys';
import { installTestRoot } from '@wildcat/wa-test-peer';
import pino from 'pino';
import { type MemoryReading, measure } from './memory.js';

/**
 * The measured process of bench/src/baileys-memory.ts (spawned with an IPC channel): holds the
 * sessions and nothing else. `pair` pairs accounts by QR (the parent relays scans to the peer)
 * then logs them in; `login` logs already paired accounts in from their stored creds, as a
 * session worker does after a restart.
 */
export interface ClientJob {
  mode: 'pair' | 'login';
  /** Accounts first … first + sessions; the first one is the warm-up, before the baseline. */
  first: number;
  sessions: number;
  concurrency: number;
  mongoUrl: string;
  dbName: string;
  peerUrl: string;
  peerRoot: string;
  sharedCaches: boolean;
  sharedAsyncStorage: boolean;
  /** Seconds after the last open at which to read memory, e.g. [10, 60]: does RSS settle? */
  idleSeconds: number[];
  heapSnapshot?: string;
}

export interface ClientResult {
  base: MemoryReading;
  /** One reading per `idleSeconds` entry. */
  after: MemoryReading[];
  open: number;
  connectSeconds: number;
}

const job = JSON.parse(process.argv[2] ?? '') as ClientJob;
installTestRoot(Buffer.from(job.peerRoot, 'base64'));

const pendingScans = new Map<number, (answer: { ok: boolean; error?: string }) => void>();
let scanId = 0;
process.on('message', (message: { id: number; ok: boolean; error?: string }) => {
  pendingScans.get(message.id)?.(message);
  pendingScans.delete(message.id);
});
async function scan(qr: string, phone: string): Promise<void> {
  const id = ++scanId;
  const answer = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
    pendingScans.set(id, resolve);
    process.send!({ id, scan: qr, phone });
  });
  if (!answer.ok) throw new Error(answer.error);
}

const store = await createStore({ url: job.mongoUrl, dbName: job.dbName });
const engine = createBaileysEngine({
  waWebSocketUrl: job.peerUrl,
  logLevel: 'silent',
  sharedCaches: job.sharedCaches,
  sharedAsyncStorage: job.sharedAsyncStorage,
});
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
    auth: store
      .authState(`auth_bench_${i}`)
      .bind(1, (error) => new FencedWriteError(`bench-${i}`, { cause: error })),
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

/** pair: QR → scan → 515 → reconnect → open, as the worker's policy does it; login: open. */
async function addSession(i: number): Promise<void> {
  if (job.mode === 'pair') {
    const first = await connect(i);
    const qr = await waitFor(() => first.seen.qr, { timeoutMs: 60_000, what: `QR ${i}` });
    await scan(qr, `1555200${String(i).padStart(4, '0')}`);
    const closed = await waitFor(() => first.seen.close, { timeoutMs: 60_000, what: `515 ${i}` });
    if (closed.code !== 515) throw new Error(`session ${i}: expected 515, got ${closed.code}`);
  }
  const second = await connect(i);
  await waitFor(() => second.seen.open || second.seen.close, { timeoutMs: 120_000, what: `open ${i}` });
  if (!second.seen.open) throw new Error(`session ${i}: closed ${JSON.stringify(second.seen.close)}`);
  open.push(second.session);
}

// warm-up: module graph, WASM bridge, driver pool, first socket; then the baseline
await addSession(job.first);
await sleep(2000);
const base = measure();
const started = Date.now();
const last = job.first + job.sessions;
for (let next = job.first + 1; next <= last; ) {
  const batch = [];
  for (let k = 0; k < job.concurrency && next <= last; k++) batch.push(addSession(next++));
  await Promise.all(batch);
}
const connectSeconds = Math.round((Date.now() - started) / 1000);
// idle: post-login queries done, keepalive pings only
const after: MemoryReading[] = [];
const connectedAt = Date.now();
for (const seconds of job.idleSeconds) {
  await sleep(Math.max(0, connectedAt + seconds * 1000 - Date.now()));
  after.push(measure());
}
const result: ClientResult = {
  base,
  after,
  open: open.filter((s) => s.isOpen()).length - 1,
  connectSeconds,
};
if (job.heapSnapshot) writeHeapSnapshot(job.heapSnapshot);
process.send!({ result });
// close every socket before exiting, so the next phase's login is not a second connection
for (const session of open) await session.close();
await engine.close();
await store.close();
process.disconnect();
process.exit(0);
