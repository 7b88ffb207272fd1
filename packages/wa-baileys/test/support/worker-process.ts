import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@wildcat/testkit';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../../apps/session-worker/src/main.ts', import.meta.url));
const TRUST_ROOT = fileURLToPath(new URL('./trust-peer-root.ts', import.meta.url));

export interface BaileysWorker {
  id: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait for the graceful exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export interface BaileysWorkerOptions {
  /** REDIS_URL, MONGODB_URL, MONGODB_DB, SHARDS, … */
  env: Record<string, string>;
  id: string;
  /** The peer's `url`. */
  waWebSocketUrl: string;
  /** The peer's noise root public key (installed in the child's Baileys instance). */
  rootPublicKey: Buffer;
  /** File holding the peer's media CA (PEM) for the child's HTTPS trust. */
  mediaCaFile: string;
}

/**
 * A real session-worker process (`tsx apps/session-worker/src/main.ts`) with WA_ENGINE=baileys,
 * pointed at the local peer. The child trusts the peer's media CA through NODE_EXTRA_CA_CERTS:
 * the worker has no product setting for a custom media CA, and it is the test process that
 * chooses what its child trusts.
 */
export async function spawnBaileysWorker(options: BaileysWorkerOptions): Promise<BaileysWorker> {
  const healthPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      TRUST_ROOT,
      MAIN,
      `--wa-test-root=${options.rootPublicKey.toString('base64')}`,
    ],
    {
      cwd: ROOT,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        WA_ENGINE: 'baileys',
        WA_WEBSOCKET_URL: options.waWebSocketUrl,
        WORKER_ID: options.id,
        HEALTH_PORT: String(healthPort),
        // the product default: a first login blocks the loop for a while (812 prekeys)
        LEASE_TTL_MS: '10000',
        SEND_RATE_PER_MINUTE: '6000',
        NODE_EXTRA_CA_CERTS: options.mediaCaFile,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
  return {
    id: options.id,
    child,
    output: () => output,
    exited,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
