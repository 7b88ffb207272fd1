import { type SendJob, sentMessageType } from '@wildcat/jobs';
import type { NewMessage, Store } from '@wildcat/store';
import type { OutboundMessage } from '@wildcat/wa';
import type { Logger } from 'pino';
import { MediaMissingError } from '../errors/media-missing-error.js';
import { forwardAsSent } from './forward-media.js';
import { editDoc, forwardOutbound, forwardSource, queuedOutbound } from './message-actions.js';
import { structuredDoc, structuredOutbound } from './outbound-structured.js';
import { asSticker, STICKER_MIMETYPE } from './sticker.js';
import { asVoiceNote } from './voice-note.js';

/** The outbound message as stored before sending (status `queued`, moved forward by acks). */
export function outboundDoc(job: SendJob, ownJid: string): NewMessage {
  // A voice note is `voice` on both sides: the recipient's engine stores push-to-talk audio so.
  const doc = queuedOutbound(job, ownJid, sentMessageType(job));
  switch (job.kind) {
    case 'text':
      return { ...doc, text: job.text };
    case 'reply':
      return { ...doc, text: job.text, quotedMessageId: job.quotedMessageId };
    case 'react':
      return { ...doc, reactionTo: job.targetMessageId, emoji: job.emoji };
    case 'delete':
      return { ...doc, revokedMessageId: job.targetMessageId };
    case 'edit':
      return editDoc(job, ownJid);
    case 'forward':
      throw new Error('a forward is stored from its original: forwardDoc');
    case 'location':
    case 'contact':
    case 'poll':
    case 'poll-vote':
      return structuredDoc(doc, job);
    default:
      return {
        ...doc,
        hasMedia: true,
        mediaId: job.mediaId,
        mimetype: job.mimetype,
        ...(job.fileName ? { fileName: job.fileName } : {}),
        ...(job.caption ? { caption: job.caption } : {}),
        ...(job.quotedMessageId ? { quotedMessageId: job.quotedMessageId } : {}),
      };
  }
}

/** The engine's view of a send job; media is opened as a GridFS stream (ptt through ffmpeg). */
export async function outboundMessage(
  job: SendJob,
  deps: { store: Store; ffmpegPath: string; logger: Logger },
): Promise<OutboundMessage> {
  const common = { messageId: job.messageId, to: job.to };
  switch (job.kind) {
    case 'text':
      return { ...common, kind: 'text', text: job.text, ...(job.mentions ? { mentions: job.mentions } : {}) };
    case 'reply':
      return {
        ...common,
        kind: 'reply',
        text: job.text,
        quotedMessageId: job.quotedMessageId,
        ...(job.mentions ? { mentions: job.mentions } : {}),
      };
    case 'react':
      return { ...common, kind: 'react', targetMessageId: job.targetMessageId, emoji: job.emoji };
    case 'delete':
      return { ...common, kind: 'delete', targetMessageId: job.targetMessageId };
    case 'edit':
      return { ...common, kind: 'edit', targetMessageId: job.targetMessageId, text: job.text };
    case 'forward':
      return forwardAsSent(forwardOutbound(job, await forwardSource(deps.store, job), deps.store), deps);
    case 'location':
    case 'contact':
    case 'poll':
    case 'poll-vote':
      return structuredOutbound(job);
    default: {
      const { mediaId } = job;
      const info = mediaId ? await deps.store.media.info(mediaId) : undefined;
      if (!mediaId || !info) throw new MediaMissingError(mediaId ?? '(none)');
      const stream = deps.store.media.openDownload(mediaId);
      const base = { ...common, ...(job.quotedMessageId ? { quotedMessageId: job.quotedMessageId } : {}) };
      const media = {
        mimetype: job.mimetype,
        length: info.length,
        ...(job.fileName ? { fileName: job.fileName } : {}),
      };
      if (job.kind === 'audio') {
        if (!job.ptt) return { ...base, kind: 'audio', ptt: false, media: { ...media, stream } };
        const voice = await asVoiceNote(stream, job.mimetype, deps);
        const { length: _length, ...rest } = media;
        return {
          ...base,
          kind: 'audio',
          ptt: true,
          media: { ...(voice.converted ? rest : media), stream: voice.stream, mimetype: voice.mimetype },
        };
      }
      if (job.kind === 'sticker') {
        const sticker = await asSticker(stream, deps);
        const { length: _length, fileName: _fileName, ...rest } = media;
        return {
          ...base,
          kind: 'sticker',
          media: {
            ...rest,
            mimetype: STICKER_MIMETYPE,
            stream: sticker.stream,
            ...(sticker.converted ? { length: sticker.length } : { length: info.length }),
          },
        };
      }
      return {
        ...base,
        kind: job.kind,
        media: { ...media, stream },
        ...(job.caption ? { caption: job.caption } : {}),
        ...(job.kind === 'video' && job.gifPlayback ? { gifPlayback: true } : {}),
      };
    }
  }
}
