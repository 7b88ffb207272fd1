import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@wildcat/testkit';
import { TEST_ENV } from './harness.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  healthPort: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, as a crash would, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful exit. */
  stop(): Promise<void>;
}

/** A real webhook-worker process (`tsx src/main.ts`), on the test's Redis and devdb. */
export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'warn', HEALTH_PORT: String(healthPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
      return (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).ok;
    },
    { what: 'webhook worker ready', timeoutMs: 60_000, intervalMs: 100 },
  );
  return {
    child,
    healthPort,
    output: () => output,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
