import type { InboundMessage, OutboundMessage } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { drain, openBlob, writeBlob } from './blob-store.js';
import { forwardWireBody } from './forward-body.js';
import type { InboxFrame, WireBody } from './frames.js';
import type { SandboxHost } from './sandbox-host.js';

/** A message frame from an inbox as the engine port's inbound message (media read on demand). */
export function inboundOf(redis: Redis, frame: Extract<InboxFrame, { k: 'msg' }>): InboundMessage {
  const base = {
    id: frame.id,
    chatId: frame.group ?? frame.from,
    from: frame.from,
    fromMe: false,
    timestamp: frame.ts,
    ...(frame.pushName ? { pushName: frame.pushName } : {}),
    ...(frame.quoted ? { quotedMessageId: frame.quoted } : {}),
    ...(frame.forwarded ? { forwarded: true } : {}),
    ...(frame.mentions?.length ? { mentions: frame.mentions } : {}),
  };
  const body = frame.body;
  switch (body.type) {
    case 'text':
      return {
        ...base,
        type: 'text',
        text: body.text,
        ...(body.selectedId ? { selectedId: body.selectedId } : {}),
      };
    case 'edit':
      return { ...base, type: 'edit', targetId: body.targetId, text: body.text };
    case 'location':
      return { ...base, type: 'location', location: body.location };
    case 'contact':
      return { ...base, type: 'contact', contacts: body.contacts };
    case 'poll':
      return { ...base, type: 'poll', poll: body.poll };
    case 'unsupported':
      return { ...base, type: 'unsupported', raw: body.raw };
    case 'reaction':
      return { ...base, type: 'reaction', targetId: body.targetId, emoji: body.emoji };
    case 'revoke':
      return { ...base, type: 'revoke', targetId: body.targetId };
    case 'poll-vote':
      return { ...base, type: 'poll-vote', pollMessageId: body.pollId, selectedOptions: body.options };
    default: {
      return {
        ...base,
        type: body.type,
        ...(body.caption ? { caption: body.caption } : {}),
        media: {
          mimetype: body.mimetype,
          length: body.length,
          ...(body.fileName ? { fileName: body.fileName } : {}),
          ...(body.ptt ? { ptt: true } : {}),
          open: () => openBlob(redis, body.blobId),
        },
      };
    }
  }
}

/**
 * An outbound message as the frame body the recipient's inbox stores. Media is written to the blob
 * store only when someone in the sandbox will read it (`keepMedia`); otherwise its stream is drained.
 */
export async function wireBodyOf(
  host: Pick<SandboxHost, 'redis' | 'maxMediaBytes'>,
  message: OutboundMessage,
  keepMedia: boolean,
): Promise<WireBody> {
  switch (message.kind) {
    case 'text':
    case 'reply':
      return { type: 'text', text: message.text };
    case 'react':
      return { type: 'reaction', targetId: message.targetMessageId, emoji: message.emoji };
    case 'delete':
      return { type: 'revoke', targetId: message.targetMessageId };
    case 'edit':
      return { type: 'edit', targetId: message.targetMessageId, text: message.text };
    case 'forward':
      return forwardWireBody(host, message.content, keepMedia);
    case 'location':
      return { type: 'location', location: message.location };
    case 'contact':
      return { type: 'contact', contacts: message.contacts };
    case 'poll':
      return { type: 'poll', poll: message.poll };
    case 'poll-vote':
      return { type: 'poll-vote', pollId: message.pollMessageId, options: message.options };
    default: {
      const { media } = message;
      let blobId = '';
      let length = 0;
      if (keepMedia) ({ blobId, length } = await writeBlob(host.redis, media.stream, host.maxMediaBytes));
      else await drain(media.stream);
      return {
        type: message.kind,
        blobId,
        length,
        mimetype: media.mimetype,
        ...(media.fileName ? { fileName: media.fileName } : {}),
        ...('caption' in message && message.caption ? { caption: message.caption } : {}),
        ...(message.kind === 'audio' && message.ptt ? { ptt: true } : {}),
      };
    }
  }
}
