import { fileURLToPath } from 'node:url';
import { type RunningStack, startStack } from '@wildcat/dev-stack';
import { buildConsole } from '../../src/build.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** What the test files get from the global setup (plain data: it crosses into the workers). */
export interface ConsoleStackInfo {
  apiKey: string;
  /** gateways[0] serves the flow test; gateways[1] is the one the error test takes down. */
  gateways: { url: string; pid: number }[];
  /** Two session workers (WORKER_ID session-worker-1 and -2): the fleet test kills one. */
  sessionWorkers: { workerId: string; pid: number }[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    consoleStack: ConsoleStackInfo;
  }
}

/**
 * A fresh build of the console, then the sandbox stack the page runs against: two gateways, two
 * session workers (so a failover has somewhere to go), one webhook worker. Private webhook targets are allowed for the loopback
 * receiver. Started once for every console test file (about a minute on a busy machine).
 */
export async function startConsoleStack(): Promise<RunningStack> {
  await buildConsole();
  return startStack({
    root: ROOT,
    engine: 'sandbox',
    gateways: 2,
    sessionWorkers: 2,
    webhookWorkers: 1,
    output: null,
    progress: () => {},
    healthTimeoutMs: 150_000,
    env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'warn', SHARDS: '4' },
  });
}

/** The API as the test's "phone" and helper uses it (not through the page). */
export function apiClient(base: string, apiKey: string) {
  return async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'X-API-Key': apiKey,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as T & { ok: boolean; error?: string } };
  };
}
