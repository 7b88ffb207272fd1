import type { AnyMessageContent, MiscMessageGenerationOptions } from '@whiskeysockets/baileys';
import type { ForwardContent, OutboundMessage } from '@wildcat/wa';
import type { BaileysSend, LoadMessage } from './outbound-content.js';

type Edit = Extract<OutboundMessage, { kind: 'edit' }>;
type Forward = Extract<OutboundMessage, { kind: 'forward' }>;

/**
 * An edit: Baileys wraps the new text in a protocolMessage MESSAGE_EDIT naming our message
 * (always one we sent: the gateway refuses anything else). Captions are edited the same way.
 */
export function editSend(message: Edit, options: MiscMessageGenerationOptions): BaileysSend {
  return {
    content: {
      text: message.text,
      edit: { remoteJid: message.to, fromMe: true, id: message.targetMessageId },
    },
    options,
  };
}

/** Marked forwarded even when we wrote the original (WhatsApp itself would not mark those). */
const FORWARDED = { isForwarded: true, forwardingScore: 1 };

/**
 * A forward: the original's own stored content when we have it (`forward` re-uses its media on
 * WhatsApp's servers, nothing is uploaded), else the message rebuilt from what the store kept.
 */
export async function forwardSend(
  message: Forward,
  options: MiscMessageGenerationOptions,
  load: LoadMessage,
): Promise<BaileysSend> {
  const stored = await load(message.sourceMessageId);
  if (stored?.message) {
    // The stored bytes are not needed: close the media stream the worker opened.
    if ('media' in message.content) message.content.media.stream.destroy();
    const key = stored.key ?? { remoteJid: message.to, id: message.sourceMessageId, fromMe: false };
    return { content: { forward: { key, message: stored.message }, force: true }, options };
  }
  return { content: rebuilt(message.content), options };
}

function rebuilt(content: ForwardContent): AnyMessageContent {
  const contextInfo = FORWARDED;
  switch (content.type) {
    case 'text':
      return { text: content.text, contextInfo };
    case 'location':
      return {
        location: {
          degreesLatitude: content.location.latitude,
          degreesLongitude: content.location.longitude,
          ...(content.location.name ? { name: content.location.name } : {}),
          ...(content.location.address ? { address: content.location.address } : {}),
        },
        contextInfo,
      } as AnyMessageContent;
    case 'contact':
      return {
        contacts: {
          displayName: content.contacts[0]?.name,
          contacts: content.contacts.map((card) => ({ vcard: card.vcard })),
        },
        contextInfo,
      } as AnyMessageContent;
    default: {
      const { media } = content;
      const caption = content.caption ? { caption: content.caption } : {};
      const stream = { stream: media.stream };
      const mimetype = media.mimetype;
      if (content.type === 'image') return { image: stream, mimetype, ...caption, contextInfo };
      if (content.type === 'video') return { video: stream, mimetype, ...caption, contextInfo };
      if (content.type === 'audio')
        return { audio: stream, mimetype, ptt: content.ptt === true, contextInfo };
      if (content.type === 'sticker') return { sticker: stream, mimetype, contextInfo } as AnyMessageContent;
      return {
        document: stream,
        mimetype,
        fileName: media.fileName ?? 'file',
        ...caption,
        contextInfo,
      };
    }
  }
}
