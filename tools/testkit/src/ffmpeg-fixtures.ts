import { execFileSync } from 'node:child_process';

const QUIET = ['-hide_banner', '-loglevel', 'error'];

/** Real media made by ffmpeg from a lavfi source (`color=…`, `sine=…`), written to stdout. */
function lavfi(source: string, output: string[]): Buffer {
  return execFileSync('ffmpeg', [...QUIET, '-f', 'lavfi', '-i', source, ...output, 'pipe:1']);
}

const IMAGE_OUTPUT = {
  png: ['-c:v', 'png', '-f', 'image2pipe'],
  jpeg: ['-c:v', 'mjpeg', '-f', 'mjpeg'],
  webp: ['-c:v', 'libwebp', '-f', 'webp'],
} as const;

/** A real one-frame image made by ffmpeg (a coloured rectangle), as a client would upload it. */
export function ffmpegImage(format: keyof typeof IMAGE_OUTPUT, size: string, colour = 'red'): Buffer {
  return lavfi(`color=c=${colour}:s=${size}`, ['-frames:v', '1', ...IMAGE_OUTPUT[format]]);
}

/** A real 440 Hz tone as WAV, made by ffmpeg, for voice notes the worker converts. */
export function ffmpegTone(seconds = 0.5): Buffer {
  return lavfi(`sine=frequency=440:duration=${seconds}`, ['-f', 'wav']);
}

/** `codec,width,height` as ffprobe reads them from the bytes. */
export function probeImage(bytes: Buffer): string {
  const entries = ['-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0'];
  return execFileSync('ffprobe', [...QUIET, ...entries, '-i', 'pipe:0'], { input: bytes })
    .toString()
    .trim();
}
