import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ffmpegImage, probeImage } from '@wildcat/testkit';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { StickerImageError } from '../src/errors/sticker-image-error.js';
import { asSticker, sniffImage } from '../src/send/sticker.js';
import { buildVcard } from '../src/send/vcard.js';

const logger = pino({ level: 'silent' });
const ffmpegPath = 'ffmpeg';

describe('stickers', () => {
  it('converts a PNG and a JPEG into a 512×512 WebP (scaled to fit, in chunks as GridFS streams)', async () => {
    for (const [format, size] of [
      ['png', '300x200'],
      ['jpeg', '100x400'],
    ] as const) {
      const source = ffmpegImage(format, size);
      const sticker = await asSticker(Readable.from([source.subarray(0, 7), source.subarray(7)]), {
        ffmpegPath,
        logger,
      });
      expect(sticker.converted).toBe(true);
      const webp = await buffer(sticker.stream);
      expect(sniffImage(webp)).toBe('webp');
      expect(sticker.length).toBe(webp.length);
      expect(probeImage(webp)).toBe('webp,512,512');
    }
  });

  it('passes a WebP through byte for byte, whatever it was labelled', async () => {
    const webp = Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8L', 'latin1'), Buffer.alloc(100, 9)]);
    const sticker = await asSticker(Readable.from([webp.subarray(0, 5), webp.subarray(5)]), {
      ffmpegPath,
      logger,
    });
    expect(sticker.converted).toBe(false);
    expect((await buffer(sticker.stream)).equals(webp)).toBe(true);
  });

  it('refuses what is no image, and a PNG it cannot convert, with a message for the client', async () => {
    await expect(
      asSticker(Readable.from([Buffer.from('GIF89a....')]), { ffmpegPath, logger }),
    ).rejects.toThrow(new StickerImageError('sticker is not a WebP, PNG or JPEG image'));
    const truncated = ffmpegImage('png', '64x64').subarray(0, 40);
    await expect(asSticker(Readable.from([truncated]), { ffmpegPath, logger })).rejects.toThrow(
      /the PNG sticker could not be converted to WebP/,
    );
    await expect(
      asSticker(Readable.from([ffmpegImage('png', '8x8')]), { ffmpegPath: '/nonexistent/ffmpeg', logger }),
    ).rejects.toThrow(/needs ffmpeg on the worker/);
  });
});

describe('vCards', () => {
  it('escapes the name (RFC 2426) and links the number to its WhatsApp (waid)', () => {
    expect(
      buildVcard({ name: ' Ada; Lovelace, Countess\\\nof Lovelace ', phone: '+44 (20) 7946-0018' }),
    ).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:;Ada\\; Lovelace\\, Countess\\\\\\nof Lovelace;;;',
        'FN:Ada\\; Lovelace\\, Countess\\\\\\nof Lovelace',
        'TEL;type=CELL;type=VOICE;waid=442079460018:+442079460018',
        'END:VCARD',
      ].join('\n'),
    );
  });
});
