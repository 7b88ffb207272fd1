import type { OutboundMessage } from '@wildcat/wa';
import type { Logger } from 'pino';
import { asSticker, STICKER_MIMETYPE } from './sticker.js';
import { asVoiceNote } from './voice-note.js';

type Forward = Extract<OutboundMessage, { kind: 'forward' }>;

/**
 * A forwarded voice note or sticker as WhatsApp takes it. Our own sent copy keeps the file the
 * client uploaded (a WAV voice note, a PNG sticker), converted only on its way out; a forward of
 * it is converted the same way. What is stored as OGG/Opus or WebP (anything received) passes as it is.
 */
export async function forwardAsSent(
  message: Forward,
  deps: { ffmpegPath: string; logger: Logger },
): Promise<Forward> {
  const { content } = message;
  if (content.type === 'audio' && content.ptt) {
    const voice = await asVoiceNote(content.media.stream, content.media.mimetype, deps);
    const { length: _length, ...media } = content.media;
    return {
      ...message,
      content: {
        ...content,
        media: {
          ...(voice.converted ? media : content.media),
          stream: voice.stream,
          mimetype: voice.mimetype,
        },
      },
    };
  }
  if (content.type === 'sticker' && !content.media.mimetype.startsWith(STICKER_MIMETYPE)) {
    const sticker = await asSticker(content.media.stream, deps);
    const { length: _length, ...media } = content.media;
    return {
      ...message,
      content: {
        ...content,
        media: {
          ...(sticker.converted ? media : content.media),
          stream: sticker.stream,
          mimetype: STICKER_MIMETYPE,
          ...(sticker.length !== undefined ? { length: sticker.length } : {}),
        },
      },
    };
  }
  return message;
}
