import type { MessageDoc, Store } from '@wildcat/store';
import { HttpError } from '../errors/http-error.js';

/** WhatsApp accepts an edit for 15 minutes after the message was sent. */
export const EDIT_WINDOW_MS = 15 * 60_000;

const EDITABLE: readonly string[] = ['text', 'image', 'video', 'document'];
const MEDIA: readonly string[] = ['image', 'video', 'audio', 'voice', 'document', 'sticker'];
const FORWARDABLE: readonly string[] = [...MEDIA, 'text', 'location', 'contact'];

async function stored(store: Store, accountId: string, messageId: string): Promise<MessageDoc> {
  const message = await store.messages.get(accountId, messageId);
  if (!message) throw new HttpError(404, 'Message not found');
  if (message.deletedAt)
    throw new HttpError(400, 'Message was deleted for everyone, so it cannot be changed');
  return message;
}

/**
 * The message an edit may change: one this account sent (and WhatsApp accepted), a text or a
 * captioned kind of media, within the edit window. Each refusal says which rule it broke.
 */
export async function editableMessage(
  store: Store,
  accountId: string,
  messageId: string,
  now = Date.now(),
): Promise<MessageDoc> {
  const message = await stored(store, accountId, messageId);
  if (!message.fromMe)
    throw new HttpError(
      400,
      `Only messages this account sent can be edited; this one came from ${message.from}`,
    );
  if (!EDITABLE.includes(message.type))
    throw new HttpError(
      400,
      `Only text messages and captions (image, video, document) can be edited; this message is a ${message.type}`,
    );
  if (message.status === 'queued' || message.status === 'failed')
    throw new HttpError(409, `Message was not sent (status ${message.status}), so it cannot be edited`);
  if (now - message.timestamp > EDIT_WINDOW_MS)
    throw new HttpError(
      400,
      `Message is too old to edit: WhatsApp accepts edits for ${EDIT_WINDOW_MS / 60_000} minutes after sending`,
    );
  return message;
}

/** The message a forward copies: any stored message with content (media must be stored). */
export async function forwardableMessage(
  store: Store,
  accountId: string,
  messageId: string,
): Promise<MessageDoc> {
  const message = await stored(store, accountId, messageId);
  if (!FORWARDABLE.includes(message.type))
    throw new HttpError(400, `A ${message.type} message cannot be forwarded`);
  if (MEDIA.includes(message.type) && !message.mediaId)
    throw new HttpError(400, 'Message media is not stored, so it cannot be forwarded');
  return message;
}
