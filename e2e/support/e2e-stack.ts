import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type ManagedProcess, type RunningStack, startStack } from '@wildcat/dev-stack';
import {
  type PrivateRedisCluster,
  type PrivateRedisSentinel,
  type RedisEnv,
  startRedisCluster,
  startRedisSentinel,
} from '@wildcat/testkit';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { Api } from './api.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

/**
 * What every scenario runs with: the default 10 s leases (a killed worker's shards move within
 * about that long; shorter ones expire on a starved CI machine), no practical send rate limit,
 * webhooks to the local receiver with short backoff and job locks.
 */
const E2E_ENV: Record<string, string> = {
  // E2E_LOG_LEVEL=debug traces every message id through the workers (with E2E_LOG_DIR to keep it).
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  SEND_RATE_PER_MINUTE: '100000',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_BACKOFF_BASE_MS: '200',
  WEBHOOK_BACKOFF_MAX_MS: '2000',
  WEBHOOK_LOCK_MS: '8000',
  WEBHOOK_TIMEOUT_MS: '5000',
};

/** Which Redis the stack runs on: its own redis-server, or a Cluster or Sentinel deployment the test starts. */
export type RedisMode = 'single' | 'cluster' | 'sentinel';

export interface E2eStack {
  stack: RunningStack;
  /** Set in cluster mode: 3 masters + 3 replicas started for this stack. */
  cluster?: PrivateRedisCluster;
  /** Set in sentinel mode: primary + replica + 3 sentinels started for this stack. */
  sentinel?: PrivateRedisSentinel;
  /** A client that alternates between the gateways. */
  api: Api;
}

/** How many of each app process a scenario runs. */
export interface E2eTopology {
  gateways: number;
  sessionWorkers: number;
  webhookWorkers: number;
}

const FULL: E2eTopology = { gateways: 2, sessionWorkers: 2, webhookWorkers: 1 };

/** Two gateways, two session workers, one webhook worker (unless told otherwise), devdb and a private redis-server (or a Cluster or Sentinel deployment: `redis`). */
export async function startE2eStack(
  env: Record<string, string> = {},
  topology: E2eTopology = FULL,
  redis: RedisMode = 'single',
): Promise<E2eStack> {
  const cluster = redis === 'cluster' ? await startRedisCluster() : undefined;
  const sentinel = redis === 'sentinel' ? await startRedisSentinel() : undefined;
  const redisEnv: RedisEnv | undefined = cluster?.env ?? sentinel?.env;
  const stack = await startStack({
    root: ROOT,
    redisEnv,
    engine: 'sandbox',
    ...topology,
    output: logFile(),
    // A starved CI machine can take long to compile and start five processes at once.
    healthTimeoutMs: 180_000,
    progress: () => {},
    env: { ...E2E_ENV, ...env },
  });
  return {
    stack,
    cluster,
    sentinel,
    api: new Api(
      stack.gateways.map((gateway) => gateway.url),
      stack.apiKey,
    ),
  };
}

/**
 * Every process's whole output in a file under E2E_LOG_DIR when it is set (to locate a lost
 * message in the trace afterwards); else only the recent lines kept for a failure's report.
 */
function logFile(): Writable | null {
  const dir = process.env.E2E_LOG_DIR;
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  const name = `${basename(expect.getState().testPath ?? 'stack', '.test.ts')}-${new Date().toISOString()}.log`;
  return createWriteStream(join(dir, name.replaceAll(':', '')));
}

function processes(stack: RunningStack): ManagedProcess[] {
  const apps = [...stack.gateways, ...stack.sessionWorkers, ...stack.webhookWorkers];
  return [...(stack.mongo.devdb ? [stack.mongo.devdb] : []), ...apps.map((app) => app.process)];
}

/** Names of app processes that are not running (a crash shows here even when nothing else failed). */
export function deadProcesses(stack: RunningStack): string[] {
  return processes(stack)
    .filter((child) => !child.running)
    .map((child) => `${child.name}: ${child.recentOutput.slice(-5).join(' | ')}`);
}

/** Every process's last lines, for the report of a failed test. */
export function recentOutput(stack: RunningStack): string {
  return processes(stack)
    .map(
      (child) =>
        `──── ${child.name} (pid ${child.pid ?? '-'}, running: ${child.running})\n${child.recentOutput.join('\n')}`,
    )
    .join('\n');
}

/**
 * Starts the stack for one scenario file, stops it afterwards (removing its data) and prints the
 * recent output of every process when a test fails.
 */
export function useE2eStack(
  env: Record<string, string> = {},
  topology: E2eTopology = FULL,
  redis: RedisMode = 'single',
): () => E2eStack {
  let running: E2eStack | undefined;
  const stop = async (stack: E2eStack) => {
    await stack.stack.stop();
    await stack.cluster?.destroy();
    await stack.sentinel?.destroy();
    rmSync(stack.stack.dataDir, { recursive: true, force: true });
  };
  beforeAll(async () => {
    running = await startE2eStack(env, topology, redis);
  });
  afterAll(async () => {
    if (running) await stop(running);
  });
  let tests = 0;
  beforeEach(async (context) => {
    // Each scenario file holds one test, so a second run here is a retry: it gets a fresh stack
    // (new Redis, devdb and processes) rather than the one the failed run left behind.
    tests += 1;
    if (tests > 1 && running) {
      await stop(running);
      running = await startE2eStack(env, topology, redis);
    }
    context.onTestFailed(() => {
      if (running) console.error(`recent output of every process:\n${recentOutput(running.stack)}`);
    });
  });
  return () => {
    if (!running) throw new Error('the e2e stack did not start');
    return running;
  };
}
