import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { ffmpegAvailable, ffmpegPipe } from './ffmpeg.js';

const OGG_OPUS = 'audio/ogg; codecs=opus';
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
  const { child, stderr } = ffmpegPipe(
    options.ffmpegPath,
    ['-vn', '-ac', '1', '-ar', '48000', '-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
    source,
  );
  source.on('error', (error) => child.stdout.destroy(error));
  child.on('exit', (code) => {
    if (code !== 0) child.stdout.destroy(new Error(`ffmpeg exited with ${code}: ${stderr().trim()}`));
  });
  child.on('error', (error) => child.stdout.destroy(error));
  return { stream: child.stdout, mimetype: OGG_OPUS, converted: true };
}
