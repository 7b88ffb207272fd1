import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { StickerImageError } from '../errors/sticker-image-error.js';
import { ffmpegAvailable, ffmpegPipe } from './ffmpeg.js';

export const STICKER_MIMETYPE = 'image/webp';
/** WhatsApp shows stickers as 512×512 squares. */
const STICKER_SIZE = 512;

type ImageFormat = 'webp' | 'png' | 'jpeg';

/** The format the bytes are in (their magic number), whatever the upload was labelled. */
export function sniffImage(head: Buffer): ImageFormat | undefined {
  if (
    head.length >= 12 &&
    head.toString('latin1', 0, 4) === 'RIFF' &&
    head.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'webp';
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Reads the first `bytes` of a stream and hands back a stream that still starts at byte 0. */
async function peek(source: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = source[Symbol.asyncIterator]();
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.from(next.value as Buffer);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest() {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  }
  return { head, stream: Readable.from(rest(), { objectMode: false }) };
}

/**
 * A sticker as WhatsApp takes it: WebP passes as it is; PNG and JPEG are converted through ffmpeg
 * (stdin → stdout) into a 512×512 WebP, the image scaled to fit and the rest left transparent.
 */
export async function asSticker(
  source: Readable,
  options: { ffmpegPath: string; logger: Logger },
): Promise<{ stream: Readable; converted: boolean; length?: number }> {
  const { head, stream } = await peek(source, 16);
  const format = sniffImage(head);
  if (!format) {
    stream.destroy();
    throw new StickerImageError('sticker is not a WebP, PNG or JPEG image');
  }
  if (format === 'webp') return { stream, converted: false };
  if (!(await ffmpegAvailable(options.ffmpegPath))) {
    stream.destroy();
    throw new StickerImageError(
      `converting a ${format.toUpperCase()} sticker to WebP needs ffmpeg on the worker (install it or set FFMPEG_PATH), or send a WebP`,
    );
  }
  const fit = `scale=${STICKER_SIZE}:${STICKER_SIZE}:force_original_aspect_ratio=decrease,format=rgba,pad=${STICKER_SIZE}:${STICKER_SIZE}:(ow-iw)/2:(oh-ih)/2:color=0x00000000`;
  const { child, stderr } = ffmpegPipe(
    options.ffmpegPath,
    ['-vf', fit, '-frames:v', '1', '-c:v', 'libwebp', '-quality', '80', '-f', 'webp'],
    stream,
  );
  stream.on('error', () => child.stdin.destroy());
  // A sticker is small (tens of KB): converted whole, so a bad image fails here with a clear
  // 400 before the engine starts sending, not half-way through an upload.
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const webp = Buffer.concat(output);
  if (code !== 0 || sniffImage(webp) !== 'webp')
    throw new StickerImageError(
      `the ${format.toUpperCase()} sticker could not be converted to WebP: ${stderr().trim() || `ffmpeg exited with ${code}`}`,
    );
  return { stream: Readable.from([webp]), converted: true, length: webp.length };
}
