import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { askRedis } from './ask-redis.js';

/** How much of a child's stdout+stderr is kept for error messages (the tail is where it says why it quit). */
const OUTPUT_TAIL = 8 * 1024;

/** A redis-server (or sentinel) child whose log is kept, since a start that fails only says why there. */
export interface RedisProcess {
  readonly child: ChildProcess;
  /** The last few KB of what it wrote to stdout and stderr (redis logs to stdout). */
  output(): string;
  /** Resolves once it exited and its output is read to the end; an error means it never started. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
}

export function spawnRedis(binary: string, args: readonly string[], detached = false): RedisProcess {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      // 'close' comes after the pipes are drained, so the output holds its last words; but a forked
      // child (AOF rewrite, replication sync) may hold the pipes open, so wait for it only briefly.
      child.once('exit', (code, signal) => {
        const done = () => resolve({ code, signal });
        child.once('close', done);
        setTimeout(done, 500).unref();
      });
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
    },
  );
  return { child, output: () => tail, exited };
}

/** A redis child that quit before it served; `addressInUse` says a fresh port would help. */
export class RedisStartError extends Error {
  constructor(
    message: string,
    readonly addressInUse: boolean,
  ) {
    super(message);
    this.name = 'RedisStartError';
  }
}

export interface WaitUntilServingOptions {
  /** Named in errors, e.g. `redis-server` or `redis-sentinel`. */
  what: string;
  /** The binary, named when it could not be run at all. */
  binary: string;
  timeoutMs?: number;
}

/**
 * Resolves once the process itself answers on `port`: INFO's process_id must be its pid, because
 * when the port was taken by another redis-server a PONG would come from that one. Rejects as soon
 * as the child exits (not after the timeout), with its own output and what to do about it.
 */
export async function waitUntilServing(
  proc: RedisProcess,
  port: number,
  options: WaitUntilServingOptions,
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let quit: Awaited<RedisProcess['exited']> | undefined;
  void proc.exited.then((exit) => {
    quit = exit;
  });
  let lastError = '';
  while (!quit && Date.now() < deadline) {
    // Raced with the exit: a listener that took the port may accept and never answer.
    const answer = await Promise.race([
      askRedis(port, 'INFO', 'server').then(
        (info) => String(info),
        (error: unknown) => {
          lastError = error instanceof Error ? error.message : String(error);
          return '';
        },
      ),
      proc.exited.then(() => ''),
      sleep(Math.max(0, deadline - Date.now())).then(() => ''),
    ]);
    const pid = /process_id:(\d+)/.exec(answer)?.[1];
    if (pid && Number(pid) === proc.child.pid && !quit) return;
    if (pid)
      lastError = `port ${port} is answered by another Redis (pid ${pid}), not ours (pid ${proc.child.pid})`;
    if (!quit) await sleep(25);
  }
  if (!quit) {
    throw new RedisStartError(
      `${options.what} on port ${port} did not answer within ${options.timeoutMs ?? 10_000} ms` +
        `${lastError ? ` (${lastError})` : ''}; it is still running (pid ${proc.child.pid}). ` +
        `Its output:\n${indent(proc.output())}`,
      false,
    );
  }
  throw startFailure(proc, port, options, quit);
}

function startFailure(
  proc: RedisProcess,
  port: number,
  options: WaitUntilServingOptions,
  exit: Awaited<RedisProcess['exited']>,
): RedisStartError {
  if (exit.error) {
    return new RedisStartError(
      `could not start ${options.binary}: ${exit.error.message} ` +
        '(install it with: apt-get install redis-server, or point REDIS_SERVER_BIN at it)',
      false,
    );
  }
  const output = proc.output();
  const addressInUse = /address already in use/i.test(output);
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const hint = addressInUse
    ? `A port it needs (${port}, or its cluster bus port) is taken by another process ` +
      '(see who: ss -ltnp); stop that process or start on another port.'
    : 'Its output above says why; fix that (configuration, data directory) and start again.';
  return new RedisStartError(
    `${options.what} on port ${port} ${how} before it answered. Its output:\n${indent(output)}\n${hint}`,
    addressInUse,
  );
}

function indent(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.length === 1 && lines[0] === ''
    ? '  (no output)'
    : lines.map((line) => `  ${line}`).join('\n');
}

/** SIGKILL (or `signal`) and wait until it is gone; a no-op once it exited. */
export async function haltRedis(
  proc: RedisProcess | undefined,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null || proc.child.pid === undefined)
    return;
  proc.child.kill(signal);
  await proc.exited;
}
