import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { loadAverageNow } from './src/lib/machine.js';

/**
 * What devdb's journal costs a writer: devdb as a child process (memory only, then with a data
 * directory, i.e. journal + snapshots), driven through the real driver by the write shapes the
 * session worker uses: one insert at a time, many concurrent inserts (group commit shares an
 * fsync between them), and batched bulkWrites of upserts (the worker's message writers).
 *
 *   node --import tsx bench/devdb-journal.ts [--devdb tools/devdb/src/cli.ts] [--seconds 4]
 *
 * `--devdb` can point at another checkout's cli.ts to compare before/after on the same box.
 */
const { values } = parseArgs({
  options: {
    devdb: { type: 'string', default: 'tools/devdb/src/cli.ts' },
    seconds: { type: 'string', default: '4' },
  },
});
const repo = fileURLToPath(new URL('../', import.meta.url));
const seconds = Number(values.seconds);

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function startDevdb(dataDir: string | undefined): Promise<{ proc: ChildProcess; url: string }> {
  const args = ['--import', 'tsx', resolve(repo, values.devdb), '--port', '0', '--quiet'];
  if (dataDir) args.push('--data', dataDir);
  const proc = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const url = await new Promise<string>((done) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) done(match[1]!);
    });
  });
  return { proc, url };
}

/** Runs `workers` loops of `op` for the measuring window; ops/s, p50/p99 ms, devdb CPU ms per op. */
async function measure(pid: number, workers: number, op: (worker: number, i: number) => Promise<number>) {
  // connections are opened before the window: the first use of a pooled connection costs a handshake
  await Promise.all(Array.from({ length: workers }, (_, worker) => op(worker, -1)));
  const latencies: number[] = [];
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        const t = performance.now();
        const writes = await op(worker, i);
        done += writes;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuMs(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    perSecond: Math.round(done / elapsed),
    p50: at(0.5).toFixed(2),
    p99: at(0.99).toFixed(2),
    cpuPerWriteUs: Math.round((cpu * 1000) / Math.max(1, done)),
  };
}

async function run(mode: 'memory' | 'journal') {
  const dataDir = mode === 'journal' ? mkdtempSync(join(tmpdir(), 'devdb-bench-')) : undefined;
  const { proc, url } = await startDevdb(dataDir);
  const client = await new MongoClient(`${url}/bench`, { maxPoolSize: 64 }).connect();
  const messages = client.db().collection<{ _id: string }>('messages');
  const rows: Record<string, unknown> = {};
  try {
    rows['insertOne, 1 writer'] = await measure(proc.pid!, 1, async (w, i) => {
      await messages.insertOne({ _id: `a${w}-${i}`, body: 'x'.repeat(300) });
      return 1;
    });
    rows['insertOne, 32 writers'] = await measure(proc.pid!, 32, async (w, i) => {
      await messages.insertOne({ _id: `b${w}-${i}`, body: 'x'.repeat(300) });
      return 1;
    });
    rows['bulkWrite 50 upserts, 4 writers'] = await measure(proc.pid!, 4, async (w, i) => {
      const ops = Array.from({ length: 50 }, (_, j) => ({
        updateOne: {
          filter: { _id: `c${w}-${i}-${j}` },
          update: { $set: { status: 'sent', at: Date.now() } },
          upsert: true,
        },
      }));
      await messages.bulkWrite(ops, { ordered: false });
      return 50;
    });
  } finally {
    await client.close();
    proc.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

console.log(`devdb ${values.devdb}, ${seconds} s per shape, load ${loadAverageNow()}`);
for (const mode of ['memory', 'journal'] as const) {
  for (const [shape, row] of Object.entries(await run(mode)))
    console.log(mode.padEnd(8), shape.padEnd(32), JSON.stringify(row));
}
