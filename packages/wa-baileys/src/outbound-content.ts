import type { AnyMessageContent, MiscMessageGenerationOptions, WAMessageKey } from '@whiskeysockets/baileys';
import type { OutboundMessage } from '@wildcat/wa';
import { editSend, forwardSend } from './message-actions.js';
import { structuredContent } from './outbound-structured.js';
import type { StoredContent } from './stored-content.js';

export interface BaileysSend {
  content: AnyMessageContent;
  options: MiscMessageGenerationOptions;
}

/** Loads an earlier message of this account (through ConnectOptions.getMessage). */
export type LoadMessage = (messageId: string) => Promise<Partial<StoredContent> | undefined>;

/**
 * The key of a message we only know by id. With the stored key we name its real author; on a
 * miss we assume the contact wrote it for reactions and replies (the usual API case: answering
 * what came in) and that we wrote it for deletes (only own messages can be revoked in 1:1).
 */
async function targetKey(
  load: LoadMessage,
  to: string,
  id: string,
  fromMeOnMiss: boolean,
): Promise<{ key: WAMessageKey; stored?: Partial<StoredContent> }> {
  const stored = await load(id);
  const known = stored?.key;
  return {
    key: {
      remoteJid: to,
      id,
      fromMe: known?.fromMe ?? fromMeOnMiss,
      ...(known?.participant ? { participant: known.participant } : {}),
    },
    ...(stored ? { stored } : {}),
  };
}

/**
 * How a message quotes an earlier one: the stored content in Baileys' `quoted` option when we have
 * it, else a context naming the original by id (recipients holding it show the quote).
 */
async function quoting(
  load: LoadMessage,
  to: string,
  quotedMessageId: string,
): Promise<{
  options?: MiscMessageGenerationOptions;
  contextInfo?: { stanzaId: string; participant?: string };
}> {
  const { key, stored } = await targetKey(load, to, quotedMessageId, false);
  if (stored?.message) return { options: { quoted: { key, message: stored.message } } };
  return { contextInfo: { stanzaId: quotedMessageId, ...(key.fromMe ? {} : { participant: to }) } };
}

/** Content plus its quote, when the message quotes one. */
export async function withQuote(
  message: { to: string; quotedMessageId?: string },
  content: AnyMessageContent,
  options: MiscMessageGenerationOptions,
  load: LoadMessage,
): Promise<BaileysSend> {
  if (!message.quotedMessageId) return { content, options };
  const quote = await quoting(load, message.to, message.quotedMessageId);
  return {
    content: (quote.contextInfo
      ? { ...content, contextInfo: quote.contextInfo }
      : content) as AnyMessageContent,
    options: { ...options, ...quote.options },
  };
}

/** Translates our outbound model into Baileys' sendMessage arguments; media stays a stream. */
export async function toBaileysSend(
  message: Exclude<OutboundMessage, { kind: 'poll-vote' }>,
  load: LoadMessage,
): Promise<BaileysSend> {
  const options: MiscMessageGenerationOptions = { messageId: message.messageId };
  switch (message.kind) {
    case 'location':
    case 'contact':
    case 'poll':
    case 'sticker':
      return withQuote(message, structuredContent(message), options, load);
    case 'text':
      return {
        content: { text: message.text, ...(message.mentions ? { mentions: message.mentions } : {}) },
        options,
      };
    case 'reply': {
      const { key, stored } = await targetKey(load, message.to, message.quotedMessageId, false);
      const mentions = message.mentions ? { mentions: message.mentions } : {};
      if (stored?.message)
        return {
          content: { text: message.text, ...mentions },
          options: { ...options, quoted: { key, message: stored.message } },
        };
      // Content not in the store: still thread it to the original by id (recipients that
      // hold the original show the quote; others show a plain text).
      return {
        content: {
          text: message.text,
          ...mentions,
          contextInfo: {
            stanzaId: message.quotedMessageId,
            participant: key.fromMe ? undefined : message.to,
          },
        },
        options,
      };
    }
    case 'react': {
      const { key } = await targetKey(load, message.to, message.targetMessageId, false);
      return { content: { react: { text: message.emoji, key } }, options };
    }
    case 'delete': {
      const { key } = await targetKey(load, message.to, message.targetMessageId, true);
      return { content: { delete: key }, options };
    }
    case 'edit':
      return editSend(message, options);
    case 'forward':
      return forwardSend(message, options, load);
    case 'image':
    case 'video': {
      const media = { stream: message.media.stream };
      const caption = message.caption ? { caption: message.caption } : {};
      const content =
        message.kind === 'image'
          ? { image: media, mimetype: message.media.mimetype, ...caption }
          : {
              video: media,
              mimetype: message.media.mimetype,
              ...caption,
              ...(message.kind === 'video' && message.gifPlayback ? { gifPlayback: true } : {}),
            };
      return withQuote(message, content, options, load);
    }
    case 'audio':
      return withQuote(
        message,
        { audio: { stream: message.media.stream }, mimetype: message.media.mimetype, ptt: message.ptt },
        options,
        load,
      );
    case 'document':
      return withQuote(
        message,
        {
          document: { stream: message.media.stream },
          mimetype: message.media.mimetype,
          fileName: message.media.fileName ?? 'file',
          ...(message.caption ? { caption: message.caption } : {}),
        },
        options,
        load,
      );
  }
}
