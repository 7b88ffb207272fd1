import { BufferJSON, proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys';

/**
 * The engine content we hand out for `messages.content` (MessageDoc.content) and read back
 * through ConnectOptions.getMessage: BufferJSON of `{ key, message }`. The key is kept because
 * a reply, a reaction or a delete must name the target's author (`fromMe`, `participant`),
 * which the bare message content does not carry.
 */
export interface StoredContent {
  key: WAMessageKey;
  message: proto.IMessage;
}

/** BufferJSON text of a Baileys message, for the store's `content` field. */
export function encodeContent(message: Pick<WAMessage, 'key' | 'message'>): string | undefined {
  if (!message.message) return undefined;
  const { remoteJid, fromMe, id, participant } = message.key;
  return JSON.stringify(
    { key: { remoteJid, fromMe, id, participant }, message: message.message },
    BufferJSON.replacer,
  );
}

/**
 * Reads what ConnectOptions.getMessage returned: our `{ key, message }` BufferJSON text (or the
 * decoded object), or a bare `proto.IMessage` written by something else. Undefined on a miss.
 */
export function decodeContent(stored: unknown): Partial<StoredContent> | undefined {
  if (stored === undefined || stored === null) return undefined;
  let value: unknown = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored, BufferJSON.reviver);
    } catch {
      // Not content this adapter stored: read as a miss, like an unknown message id.
      return undefined;
    }
  }
  if (!value || typeof value !== 'object') return undefined;
  const wrapped = value as Partial<StoredContent>;
  // proto.Message has no `key`/`message` fields, so their presence marks our wrapper.
  if ('message' in wrapped && wrapped.message && typeof wrapped.message === 'object') {
    return { key: wrapped.key, message: proto.Message.fromObject(wrapped.message) };
  }
  return { message: proto.Message.fromObject(value as object) };
}
