import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { asVoiceNote } from '../src/send/voice-note.js';

const logger = pino({ level: 'silent' });

// Stands in for ffmpeg: answers -version, and "converts" stdin to stdout with a marker.
function fakeFfmpeg(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-ffmpeg-'));
  const path = join(dir, 'ffmpeg');
  writeFileSync(path, '#!/bin/sh\nif [ "$1" = "-version" ]; then exit 0; fi\nprintf "OGG:"; cat\n');
  chmodSync(path, 0o755);
  return path;
}

describe('voice notes', () => {
  it('streams audio through ffmpeg into OGG/Opus when ffmpeg is there', async () => {
    const note = await asVoiceNote(Readable.from([Buffer.from('mp3 bytes')]), 'audio/mpeg', {
      ffmpegPath: fakeFfmpeg(),
      logger,
    });
    expect(note).toMatchObject({ converted: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(await text(note.stream)).toBe('OGG:mp3 bytes');
  });

  it('sends the audio as it is without ffmpeg, and leaves OGG/Opus alone', async () => {
    const missing = await asVoiceNote(Readable.from([Buffer.from('raw')]), 'audio/mpeg', {
      ffmpegPath: '/nonexistent/ffmpeg',
      logger,
    });
    expect(missing).toMatchObject({ converted: false, mimetype: 'audio/mpeg' });
    expect(await text(missing.stream)).toBe('raw');
    const ogg = await asVoiceNote(Readable.from([Buffer.from('o')]), 'audio/ogg; codecs=opus', {
      ffmpegPath: fakeFfmpeg(),
      logger,
    });
    expect(ogg.converted).toBe(false);
  });
});
