import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

const availability = new Map<string, Promise<boolean>>();

/** Whether `ffmpeg -version` runs; asked once per binary path. */
export function ffmpegAvailable(ffmpegPath: string): Promise<boolean> {
  let known = availability.get(ffmpegPath);
  if (!known) {
    known = new Promise<boolean>((resolve) => {
      const child = spawn(ffmpegPath, ['-version'], { stdio: 'ignore' });
      child.on('error', () => resolve(false));
      child.on('exit', (code) => resolve(code === 0));
    });
    availability.set(ffmpegPath, known);
  }
  return known;
}

export interface FfmpegPipe {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** What ffmpeg wrote to stderr (the first 2,000 characters), for the error message. */
  stderr(): string;
}

/**
 * ffmpeg converting `source` (piped into its stdin) to its stdout with these output options.
 * What happens when `source` fails is the caller's to decide.
 */
export function ffmpegPipe(ffmpegPath: string, output: readonly string[], source: Readable): FfmpegPipe {
  const child = spawn(
    ffmpegPath,
    ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', ...output, 'pipe:1'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 2_000) stderr += chunk.toString();
  });
  // ffmpeg may stop reading once it has what it needs: a closed stdin is no failure.
  child.stdin.on('error', () => undefined);
  source.pipe(child.stdin);
  return { child, stderr: () => stderr };
}
