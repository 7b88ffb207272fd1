import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatLogLine } from './log-line.js';

const COLOURS = [36, 35, 33, 32, 34, 91, 96, 95];
let nextColour = 0;

export interface ManagedProcessOptions {
  /** Shown before every line of output, e.g. `gateway-1`. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where prefixed lines go (default stdout); null keeps them only in `recentOutput`. */
  output?: NodeJS.WritableStream | null;
  /** Colour the prefix (default: when output is a TTY). */
  colour?: boolean;
  /**
   * Its own process group: Ctrl-C in a terminal signals the whole foreground group at once, so
   * children in it would die in no order; apart, the stack stops them itself, in order.
   */
  detached?: boolean;
}

/** A child process with prefixed logs that can be stopped, killed and started again. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private env: NodeJS.ProcessEnv;
  private readonly colourCode = COLOURS[nextColour++ % COLOURS.length];
  /** The last lines it printed, for error messages and tests. */
  readonly recentOutput: string[] = [];
  exitCode: number | null = null;

  constructor(private readonly options: ManagedProcessOptions) {
    this.env = options.env;
  }

  /** Environment for every later start, e.g. the port it bound the first time, kept on restarts. */
  pin(env: Record<string, string>): void {
    this.env = { ...this.env, ...env };
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const child = spawn(this.options.command, this.options.args, {
      cwd: this.options.cwd,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.options.detached ?? false,
    });
    this.child = child;
    this.exitCode = null;
    child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? 128 : null);
      this.print(`exited (${signal ?? `code ${code}`})`);
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.print(formatLogLine(line)));
    }
  }

  private print(line: string): void {
    this.recentOutput.push(line);
    if (this.recentOutput.length > 200) this.recentOutput.shift();
    const output = this.options.output === undefined ? process.stdout : this.options.output;
    if (!output) return;
    const colour = this.options.colour ?? Boolean((output as NodeJS.WriteStream).isTTY);
    const prefix = this.options.name.padEnd(16);
    output.write(`${colour ? `\x1b[${this.colourCode}m${prefix}\x1b[0m` : prefix}│ ${line}\n`);
  }

  /** Sends `signal` and waits for the exit; escalates to SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 12_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** A crash, as `kill -9` would cause. */
  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }
}
