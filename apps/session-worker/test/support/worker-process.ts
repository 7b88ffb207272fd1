import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@wildcat/testkit';
import type { TestEnvironment } from './environment.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface WorkerProcess {
  id: string;
  healthPort: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A real session-worker process (`tsx src/main.ts`), as deployed but on the test's Redis and devdb. */
export async function spawnWorker(
  env: TestEnvironment,
  id: string,
  extraEnv: Record<string, string> = {},
): Promise<WorkerProcess> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      REDIS_URL: env.redisUrl,
      MONGODB_URL: env.mongoUrl,
      MONGODB_DB: env.dbName,
      SHARDS: String(env.shards),
      WA_ENGINE: 'sandbox',
      WORKER_ID: id,
      HEALTH_PORT: String(healthPort),
      LEASE_TTL_MS: '3000',
      SEND_RATE_PER_MINUTE: '60000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { id, healthPort, child, output: () => output, exited };
}
