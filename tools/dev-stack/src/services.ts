import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, type PrivateRedis, startRedis } from '@wildcat/testkit';
import { ManagedProcess } from './managed-process.js';
import { redisReachable, waitForHttp } from './probes.js';
import type { StackOptions } from './stack-options.js';

export interface RedisService {
  url: string;
  /** The REDIS_* variables every app process gets. */
  env: Record<string, string>;
  /** For the start-up line: which Redis. */
  describe: string;
  /** Set when the stack started its own redis-server (tests can stop and restart it). */
  own?: PrivateRedis;
}

function hasBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    // `command -v` fails exactly when the binary is not on PATH.
    return false;
  }
}

/**
 * Redis at the given URL, else a private redis-server with AOF on. A URL that does not answer is
 * an error, never a silent fall-back: the user meant that Redis.
 */
export async function provideRedis(options: StackOptions, dataDir: string): Promise<RedisService> {
  const topology = options.redisEnv;
  const seeds = topology?.REDIS_CLUSTER_NODES || topology?.REDIS_SENTINELS;
  if (topology && seeds) {
    const kind = topology.REDIS_CLUSTER_NODES ? 'REDIS_CLUSTER_NODES' : 'REDIS_SENTINELS';
    const first = seeds.split(',')[0]?.trim() ?? '';
    const url = topology.REDIS_URL ?? 'redis://127.0.0.1:6379';
    // The seed answers PING with the deployment's credentials (a sentinel usually has none).
    const probe = new URL(url);
    probe.host = first;
    if (!(await redisReachable(probe.toString())) && !(await redisReachable(`redis://${first}`)))
      throw new Error(`${kind} (${first}) does not answer: start that Redis, or unset ${kind}`);
    const describe =
      kind === 'REDIS_CLUSTER_NODES'
        ? `Redis Cluster via ${seeds} (external, from REDIS_CLUSTER_NODES)`
        : `Redis Sentinel "${topology.REDIS_SENTINEL_NAME ?? 'mymaster'}" via ${seeds} (external, from REDIS_SENTINELS)`;
    return { url, env: { ...topology, REDIS_URL: url }, describe };
  }
  if (options.redisUrl) {
    if (await redisReachable(options.redisUrl))
      return {
        url: options.redisUrl,
        env: { REDIS_URL: options.redisUrl },
        describe: `Redis: ${options.redisUrl} (external, from REDIS_URL: shared with anything else that uses it)`,
      };
    throw new Error(
      `REDIS_URL (${new URL(options.redisUrl).host}) does not answer: start that Redis, or unset REDIS_URL and the stack starts its own`,
    );
  }
  if (!hasBinary(process.env.REDIS_SERVER_BIN ?? 'redis-server')) {
    throw new Error(
      'No Redis reachable and no redis-server binary: install one (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL.',
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const own = await startRedis({ appendOnly: true, dir, ownProcessGroup: true });
  return {
    url: own.url,
    env: { REDIS_URL: own.url },
    describe: `Redis: ${own.url} (started here, AOF on, data in ${dir})`,
    own,
  };
}

export interface MongoService {
  url: string;
  /** The devdb child process when the stack started one. */
  devdb?: ManagedProcess;
}

/** MongoDB at the given URL, else devdb as a child process with its data in `dataDir`. */
export async function provideMongo(options: StackOptions, dataDir: string): Promise<MongoService> {
  if (options.mongodbUrl) return { url: options.mongodbUrl };
  const port = await freePort();
  const dir = join(dataDir, 'devdb');
  mkdirSync(dir, { recursive: true });
  const devdb = new ManagedProcess({
    name: 'devdb',
    detached: true,
    command: process.execPath,
    // devdb's own process, its CLI found through the package's exports (not a path into it)
    args: [
      '--import',
      'tsx',
      createRequire(import.meta.url).resolve('@wildcat/devdb/cli'),
      '--port',
      String(port),
      '--data',
      dir,
    ],
    cwd: options.root,
    env: process.env,
    output: options.output,
  });
  devdb.start();
  const url = `mongodb://127.0.0.1:${port}`;
  const up = await waitForTcpMongo(port, () => !devdb.running);
  if (!up) throw new Error(`devdb did not start:\n${devdb.recentOutput.join('\n')}`);
  return { url, devdb };
}

async function waitForTcpMongo(port: number, isDead: () => boolean): Promise<boolean> {
  const { createConnection } = await import('node:net');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !isDead()) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Waits for a process's health URL; on failure the error carries its last output. */
export async function awaitHealthy(process: ManagedProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const ok = await waitForHttp(url, timeoutMs, () => !process.running);
  if (!ok) {
    throw new Error(
      `${process.name} did not become healthy at ${url}:\n${process.recentOutput.slice(-30).join('\n')}`,
    );
  }
}
