import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askRedis } from './ask-redis.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

export interface PrivateRedisOptions {
  /** Turn on the append-only file so data survives stop/start (default false). */
  appendOnly?: boolean;
  /** Binary to run (default `redis-server` on PATH, or REDIS_SERVER_BIN). */
  binary?: string;
  /** Port to listen on (default: a free one). */
  port?: number;
  /**
   * Its own process group, so a Ctrl-C in the terminal does not stop it before whoever started
   * it had a chance to stop its clients first (default false).
   */
  ownProcessGroup?: boolean;
  /** Data directory to keep (default: a fresh temporary one, removed by destroy()). */
  dir?: string;
  /** More redis-server arguments (cluster mode, replicaof, ...), after the defaults. */
  extraArgs?: readonly string[];
}

/** A redis-server child process on a free loopback port, owned by one test file. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGTERM and wait for exit; data stays in its directory when appendOnly is on. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Start again on the same port and directory. */
  start(): Promise<void>;
  /** Stop and remove the data directory. */
  destroy(): Promise<void>;
}

export async function startRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wildcat-redis-'));
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  let child: ChildProcess | undefined;

  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--protected-mode',
    'no',
    '--loglevel',
    'warning',
    ...(options.extraArgs ?? []),
  ];

  async function start(): Promise<void> {
    let spawnError: Error | undefined;
    child = spawn(binary, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: options.ownProcessGroup ?? false,
    });
    child.on('error', (error) => {
      spawnError = new Error(
        `could not start ${binary}: ${error.message} (install it with: apt-get install redis-server)`,
      );
    });
    await waitFor(
      async () => {
        if (spawnError) throw spawnError;
        return (await askRedis(port, 'PING')) === 'PONG';
      },
      { what: `redis-server on port ${port}`, timeoutMs: 10_000 },
    ).catch((error: unknown) => {
      throw spawnError ?? error;
    });
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    start,
    async destroy() {
      await halt('SIGKILL');
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
