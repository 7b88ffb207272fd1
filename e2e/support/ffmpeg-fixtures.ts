import { execFileSync } from 'node:child_process';

/** A real one-frame image made by ffmpeg (a coloured rectangle), as a client would upload it. */
export function ffmpegImage(format: 'png' | 'webp', size: string, colour = 'red'): Buffer {
  return execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=${colour}:s=${size}`,
    '-frames:v',
    '1',
    ...(format === 'png' ? ['-c:v', 'png', '-f', 'image2pipe'] : ['-c:v', 'libwebp', '-f', 'webp']),
    'pipe:1',
  ]);
}

/** `codec,width,height` as ffprobe reads them from the bytes. */
export function probeImage(bytes: Buffer): string {
  return execFileSync(
    'ffprobe',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'csv=p=0',
      '-i',
      'pipe:0',
    ],
    { input: bytes },
  )
    .toString()
    .trim();
}

/** A real half-second 440 Hz tone as WAV, made by ffmpeg, for voice notes the worker converts. */
export function ffmpegTone(seconds = 0.5): Buffer {
  return execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    '-f',
    'wav',
    'pipe:1',
  ]);
}
