import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';

const OGG_OPUS = 'audio/ogg; codecs=opus';
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

let warned = false;

/**
 * A voice note must be OGG/Opus for WhatsApp to play it as one. Converts through ffmpeg as a
 * stream (stdin → stdout, nothing buffered whole); without ffmpeg sends the audio as it is,
 * with a warning once per process.
 */
export async function asVoiceNote(
  source: Readable,
  mimetype: string,
  options: { ffmpegPath: string; logger: Logger },
): Promise<{ stream: Readable; mimetype: string; converted: boolean }> {
  if (mimetype.startsWith('audio/ogg') && mimetype.includes('opus'))
    return { stream: source, mimetype, converted: false };
  if (!(await ffmpegAvailable(options.ffmpegPath))) {
    if (!warned) {
      warned = true;
      options.logger.warn(
        { ffmpegPath: options.ffmpegPath },
        'ffmpeg not found: voice notes are sent without conversion to OGG/Opus (install ffmpeg or set FFMPEG_PATH)',
      );
    }
    return { stream: source, mimetype, converted: false };
  }
  const child = spawn(
    options.ffmpegPath,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      'pipe:0',
      '-vn',
      '-ac',
      '1',
      '-ar',
      '48000',
      '-c:a',
      'libopus',
      '-b:a',
      '32k',
      '-f',
      'ogg',
      'pipe:1',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 2_000) stderr += chunk.toString();
  });
  source.on('error', (error) => child.stdout.destroy(error));
  child.stdin.on('error', () => undefined);
  source.pipe(child.stdin);
  child.on('exit', (code) => {
    if (code !== 0) child.stdout.destroy(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`));
  });
  child.on('error', (error) => child.stdout.destroy(error));
  return { stream: child.stdout, mimetype: OGG_OPUS, converted: true };
}
