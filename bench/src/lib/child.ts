import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The file behind a script another workspace exports to be run as its own process (e.g.
 * `@wildcat/devdb/cli`): resolved through the package's exports, never by a path into it.
 */
export function workspaceScript(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}

export interface BenchChild {
  proc: ChildProcess;
  /** Resolves the next JSON line the child prints on stdout. */
  next<T>(): Promise<T>;
  send(message: unknown): void;
  kill(): void;
}

/** A TypeScript script of bench/src run as its own process (so its CPU and memory are its own). */
export function spawnScript(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): BenchChild {
  const proc = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', fileURLToPath(new URL(`../${script}`, import.meta.url)), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  return {
    proc,
    async next<T>() {
      for (;;) {
        const { value, done } = await lines.next();
        if (done) throw new Error(`${script} exited before answering`);
        const text = String(value).trim();
        if (text.startsWith('{')) return JSON.parse(text) as T;
      }
    },
    send(message) {
      proc.stdin!.write(`${JSON.stringify(message)}\n`);
    },
    kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}
