import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '@wildcat/testkit';
import { liveSocketCount } from '@wildcat/wa-sandbox';
import { leaseKey } from '../../src/leases/lease-store.js';
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

/** Which worker holds each shard's lease, shard 0 first (null: nobody). */
export function leaseHolders(env: TestEnvironment): Promise<Array<string | null>> {
  return env.redis.mget(...Array.from({ length: env.shards }, (_, shard) => leaseKey(shard)));
}

export interface SocketSampler {
  /** The most live sandbox sockets one of the accounts had at once, so far. */
  readonly max: number;
  stop(): Promise<void>;
}

/** Samples every 100 ms, until stopped, how many live sockets each of `accountIds` has. */
export function sampleMaxSockets(env: TestEnvironment, accountIds: readonly string[]): SocketSampler {
  let max = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const counts = await Promise.all(accountIds.map((id) => liveSocketCount(env.redis, id)));
      max = Math.max(max, ...counts);
      await sleep(100);
    }
  })();
  return {
    get max() {
      return max;
    },
    async stop() {
      sampling = false;
      await loop;
    },
  };
}
