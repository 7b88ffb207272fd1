import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-port.js';
import {
  haltRedis,
  type RedisProcess,
  RedisStartError,
  spawnRedis,
  waitUntilServing,
} from './redis-process.js';

/** Fresh ports tried when a self-picked one was taken before redis-server bound it. */
const START_ATTEMPTS = 5;

export interface PrivateRedisOptions {
  /** Turn on the append-only file so data survives stop/start (default false). */
  appendOnly?: boolean;
  /** Binary to run (default `redis-server` on PATH, or REDIS_SERVER_BIN). */
  binary?: string;
  /**
   * Port to listen on. Default: a free one, and a fresh one again (a few times) when another
   * process took it before redis-server could bind it. A given port is kept: a start that fails
   * on it rejects with redis-server's own output.
   */
  port?: number;
  /**
   * Also pick a free cluster bus port (`--cluster-port`) instead of port+10000, fresh with each
   * attempt, so both ports are known free (cluster mode; default false).
   */
  clusterBus?: boolean;
  /** How ports are picked (default freePorts); tests hand out a taken one to see the retry. */
  pickPorts?: (count: number) => Promise<number[]>;
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
  /** The cluster bus port when `clusterBus` was asked for. */
  readonly clusterPort?: number;
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
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wildcat-redis-'));
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const pickPorts = options.pickPorts ?? freePorts;
  let proc: RedisProcess | undefined;
  let port = 0;
  let clusterPort: number | undefined;

  const args = () => [
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
    ...(clusterPort === undefined ? [] : ['--cluster-port', String(clusterPort)]),
    ...(options.extraArgs ?? []),
  ];

  async function start(): Promise<void> {
    proc = spawnRedis(binary, args(), options.ownProcessGroup ?? false);
    try {
      await waitUntilServing(proc, port, { what: 'redis-server', binary });
    } catch (error) {
      await haltRedis(proc);
      throw error;
    }
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const running = proc;
    proc = undefined;
    await haltRedis(running, signal);
  }

  for (let attempt = 1; ; attempt++) {
    const wanted = (options.port === undefined ? 1 : 0) + (options.clusterBus ? 1 : 0);
    const picked = wanted > 0 ? await pickPorts(wanted) : [];
    const [nodePick, busPick] = options.port === undefined ? picked : [options.port, ...picked];
    port = nodePick!;
    clusterPort = options.clusterBus ? busPick : undefined;
    try {
      await start();
      break;
    } catch (error) {
      const retry =
        error instanceof RedisStartError &&
        error.addressInUse &&
        options.port === undefined &&
        attempt < START_ATTEMPTS;
      if (!retry) {
        if (!options.dir) rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  return {
    port,
    clusterPort,
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
