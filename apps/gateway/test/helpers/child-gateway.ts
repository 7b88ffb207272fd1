import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, lateBound, waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll } from 'vitest';
import { startTestServices, type TestServices } from './build-test-app.js';

const GATEWAY_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildGateway {
  base: string;
  pid: number;
  /** Resident set size of the gateway process in bytes (what process.memoryUsage().rss reports). */
  rss(): number;
  stderr(): string;
  stop(): Promise<void>;
}

/** The real main.ts in its own process, so its memory is measured alone (devdb lives in the test). */
export async function startChildGateway(env: Record<string, string>): Promise<ChildGateway> {
  const port = await freePort();
  let stderr = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: GATEWAY_DIR,
    env: { PATH: process.env.PATH ?? '', ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`gateway exited: ${stderr}`);
      return (await fetch(`${base}/healthz`)).ok;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: 'child gateway /healthz' },
  );
  const pid = child.pid as number;
  return {
    base,
    pid,
    rss() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Registers, for the test file, its own services and a child gateway on them with `account`
 * created through the API (started before the tests, stopped after); hands back a stand-in that
 * forwards to the gateway.
 */
export function useChildGateway(account: string): ChildGateway {
  let services: TestServices | undefined;
  let gateway: ChildGateway | undefined;
  beforeAll(async () => {
    services = await startTestServices();
    gateway = await startChildGateway(services.env);
    const created = await fetch(`${gateway.base}/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: account }),
    });
    if (created.status !== 201) throw new Error(`creating ${account} answered ${created.status}`);
  }, 90_000);
  afterAll(async () => {
    await gateway?.stop();
    await services?.close();
  });
  return lateBound(() => gateway);
}
