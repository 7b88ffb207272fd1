import { fileURLToPath } from 'node:url';
import { type RunningStack, startStack } from '@wildcat/dev-stack';
import { buildConsole } from '../../src/build.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * A fresh build of the console, then the sandbox stack the page runs against: one gateway, one
 * session worker, one webhook worker. Private webhook targets are allowed for the loopback
 * receiver.
 */
export async function startConsoleStack(): Promise<RunningStack> {
  await buildConsole();
  return startStack({
    root: ROOT,
    engine: 'sandbox',
    gateways: 1,
    sessionWorkers: 1,
    webhookWorkers: 1,
    output: null,
    progress: () => {},
    env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'warn', SHARDS: '4' },
  });
}

/** The API as the test's "phone" and helper uses it (not through the page). */
export function apiClient(stack: RunningStack) {
  const base = stack.gateways[0]?.url as string;
  return async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'X-API-Key': stack.apiKey,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as T & { ok: boolean; error?: string } };
  };
}
