import type { proto } from '@whiskeysockets/baileys';
import type { MediaStore } from './media-store.js';

/** Media kinds the peer can send, with the Baileys media type used for key derivation. */
export type PeerMediaKind = 'image' | 'audio' | 'document' | 'video' | 'sticker';

/** Options for a media message sent by a simulated contact. */
export interface PeerMediaOptions {
  mimetype?: string;
  caption?: string;
  fileName?: string;
  /** Audio only: mark as a voice note. */
  ptt?: boolean;
}

const DEFAULT_MIME: Record<PeerMediaKind, string> = {
  image: 'image/jpeg',
  audio: 'audio/ogg; codecs=opus',
  document: 'application/octet-stream',
  video: 'video/mp4',
  sticker: 'image/webp',
};

/**
 * Encrypts `data` into the store and builds the `proto.Message` for it (`imageMessage`,
 * `audioMessage`, ...) with url/directPath on the local media host.
 */
export async function buildMediaMessage(
  store: MediaStore,
  host: string,
  kind: PeerMediaKind,
  data: Buffer,
  options: PeerMediaOptions = {},
): Promise<proto.IMessage> {
  const media = await store.encryptAndStore(data, kind);
  const common = {
    url: `https://${host}${media.directPath}`,
    directPath: media.directPath,
    mediaKey: media.mediaKey,
    fileSha256: media.fileSha256,
    fileEncSha256: media.fileEncSha256,
    fileLength: media.fileLength,
    mimetype: options.mimetype ?? DEFAULT_MIME[kind],
    mediaKeyTimestamp: Math.floor(Date.now() / 1000),
  };
  switch (kind) {
    case 'image':
      return { imageMessage: { ...common, caption: options.caption } };
    case 'video':
      return { videoMessage: { ...common, caption: options.caption } };
    case 'audio':
      return { audioMessage: { ...common, ptt: options.ptt ?? false } };
    case 'sticker':
      return { stickerMessage: common };
    case 'document':
      return {
        documentMessage: { ...common, fileName: options.fileName ?? 'file', caption: options.caption },
      };
  }
}

/** The media part of a message the client sent, with the media type its keys derive from. */
export function mediaOf(
  message: proto.IMessage,
): { kind: PeerMediaKind; media: proto.Message.IImageMessage } | undefined {
  const candidates: [PeerMediaKind, proto.Message.IImageMessage | null | undefined][] = [
    ['image', message.imageMessage],
    ['video', message.videoMessage],
    ['audio', message.audioMessage],
    ['sticker', message.stickerMessage],
    ['document', message.documentMessage ?? message.documentWithCaptionMessage?.message?.documentMessage],
  ];
  for (const [kind, media] of candidates) if (media) return { kind, media };
  return undefined;
}
