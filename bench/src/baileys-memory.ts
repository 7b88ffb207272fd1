import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, inspectMongo } from '@wildcat/testkit';
import type { ClientJob, ClientResult } from './baileys-memory/client.js';
import { type MemoryReading, mib, perSession } from './baileys-memory/memory.js';
import { repoRoot, workspaceScript } from './lib/child.js';
import { loadAverageNow } from './lib/machine.js';

/**
 * Memory per idle connected Baileys session, through our adapter (auth state in MongoDB, keys
 * read on demand). The protocol peer and the database each run in a child process, and so do
 * the measured sessions: one child per run, so each run starts from a fresh process.
 *
 *   node --expose-gc --import tsx bench/src/baileys-memory.ts [--sessions 100] [--concurrency 4]
 *        [--runs pair+own-als,login+own-als,login,login+shared,…] [--idle 10,60]
 *        [--mongodb-url mongodb://…]   (default: a devdb child process)
 *
 * A run is `pair` (QR-pair a new set of accounts, log them in, measure in that same process:
 * the pairing garbage is still around) or `login` (a fresh process logs the last paired set
 * in from the stored creds, as a session worker does after a restart), plus options:
 * `+own-als` lets Baileys create one AsyncLocalStorage per socket (`sharedAsyncStorage:
 * false`), `+shared` gives the engine shared caches (without it `sharedCaches: false`),
 * `+arena2` starts the process with MALLOC_ARENA_MAX=2, `+snapshot` writes a heap snapshot to
 * bench/tmp after measuring. Memory is read `--idle` seconds after the last session opened:
 * at 10 s the login tail (queries, driver and socket buffers) is still in RSS, by 60 s it is not.
 */
// before (Baileys as it comes) → after (what the adapter does now), then each change alone
const DEFAULT_RUNS = [
  'pair+own-als',
  'login+own-als',
  'login+own-als+arena2',
  'login+own-als+shared',
  'login',
  'login+shared',
  'login+shared+arena2',
  'pair+shared',
].join(',');
const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    runs: { type: 'string', default: DEFAULT_RUNS },
    /** seconds idle before each reading: `10,60` reads twice; the table shows each */
    idle: { type: 'string', default: '10,60' },
    'mongodb-url': { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const here = fileURLToPath(new URL('./', import.meta.url));
const scratch = fileURLToPath(new URL('../tmp/', import.meta.url));

const children: ChildProcess[] = [];
// also when a run fails: no orphaned peer, devdb or client left behind
process.on('exit', () => {
  for (const proc of children) proc.kill();
});
function child(script: string, args: string[] = []) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(proc);
  return { proc, lines: createInterface({ input: proc.stdout! })[Symbol.asyncIterator]() };
}

// the peer (scans QRs on request: one JSON line in, one out); it keeps the paired devices
const peer = child(workspaceScript('@wildcat/wa-test-peer/peer-process'));
const hello = JSON.parse((await peer.lines.next()).value as string) as { url: string; root: string };
let scanQueue = Promise.resolve();
function relayScan(message: { id: number; scan: string; phone: string }, client: ChildProcess) {
  scanQueue = scanQueue.then(async () => {
    peer.proc.stdin!.write(`${JSON.stringify(message)}\n`);
    client.send(JSON.parse((await peer.lines.next()).value as string));
  });
}

let mongoUrl = values['mongodb-url'];
if (!mongoUrl) {
  const port = await freePort();
  const devdb = child(workspaceScript('@wildcat/devdb/cli'), ['--port', String(port), '--quiet']);
  while (!String((await devdb.lines.next()).value).includes('listening'));
  mongoUrl = `mongodb://127.0.0.1:${port}`;
}
const dbName = `bench_baileys_${Date.now()}`;

function runClient(job: ClientJob, arena2: boolean): Promise<ClientResult> {
  const env = { ...process.env };
  if (arena2) env.MALLOC_ARENA_MAX = '2';
  else delete env.MALLOC_ARENA_MAX;
  const proc = fork(`${here}baileys-memory/client.ts`, [JSON.stringify(job)], {
    cwd: repoRoot,
    env,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(proc);
  return new Promise((resolve, reject) => {
    let result: ClientResult | undefined;
    proc.on('message', (message: { result?: ClientResult; id?: number; scan?: string; phone?: string }) => {
      if (message.result) result = message.result;
      else relayScan(message as { id: number; scan: string; phone: string }, proc);
    });
    // resolve on exit: the next run must not start while these sockets are still connected
    proc.on('exit', (code) => (result ? resolve(result) : reject(new Error(`client exited ${code}`))));
  });
}

const rows: string[] = [];
let pairedSets = 0;
for (const run of values.runs.split(',')) {
  const [mode, ...flags] = run.split('+');
  if (mode !== 'pair' && mode !== 'login') throw new Error(`unknown run ${run}`);
  if (mode === 'pair') pairedSets++;
  if (pairedSets === 0) throw new Error('a login run needs a pair run before it');
  const job: ClientJob = {
    mode,
    first: (pairedSets - 1) * 1000,
    sessions,
    concurrency: Number(values.concurrency),
    mongoUrl,
    dbName,
    peerUrl: hello.url,
    peerRoot: hello.root,
    sharedCaches: flags.includes('shared'),
    sharedAsyncStorage: !flags.includes('own-als'),
    idleSeconds: values.idle.split(',').map(Number),
    ...(flags.includes('snapshot')
      ? { heapSnapshot: `${scratch}baileys-${run}-${Date.now()}.heapsnapshot` }
      : {}),
  };
  const loadBefore = loadAverageNow();
  const { base, after: readings, open, connectSeconds } = await runClient(job, flags.includes('arena2'));
  const summary = (m: MemoryReading) => ({
    rssMb: mib(m.rss),
    heapUsedMb: mib(m.heapUsed),
    heapTotalMb: mib(m.heapTotal),
    newSpaceMb: mib(m.newSpace),
  });
  readings.forEach((after, k) => {
    const per = perSession(base, after, sessions);
    const idle = job.idleSeconds[k];
    const line = {
      run,
      idle,
      sessions,
      open,
      connectSeconds,
      loadAverage: `${loadBefore} → ${loadAverageNow()}`,
    };
    console.log(
      JSON.stringify({ ...line, baseline: summary(base), after: summary(after), perSessionMb: per }),
    );
    rows.push(
      `| ${run} | ${idle} s | ${open}/${sessions} | ${mib(base.rss)} → ${mib(after.rss)} | **${per.rss}** | ${per.heapUsed} | ${per.heapTotal} | ${per.newSpace} | ${per.native} | ${connectSeconds} s | ${loadBefore} |`,
    );
  });
}
console.log(
  '\n| run | idle | open | RSS MiB (base → after) | RSS | heap used | heap total | of it new space | RSS − heap total | connect | load avg |',
);
console.log('| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row);

const inspect = inspectMongo(mongoUrl, dbName);
await inspect.dropDatabase().catch(() => undefined);
await inspect.close();
for (const proc of children) proc.kill();
process.exit(0);
