import type { WildcatEvent } from '@wildcat/jobs';
import type { WebhookDoc } from '@wildcat/store';

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The reference's webhook payload for a message: exactly its eight fields, then additive ones.
 * `message` is the text, else the caption, else '' (media without a caption).
 */
export function seedMessagePayload(event: WildcatEvent): Record<string, unknown> {
  const data = event.data;
  const text = optionalString(data.text);
  const caption = optionalString(data.caption);
  const mediaId = optionalString(data.mediaId);
  // A group message: `from` is the group, as the original sent it; `participant` is who wrote.
  const inGroup = optionalString(data.chatId)?.endsWith('@g.us') === true;
  return {
    from: inGroup ? data.chatId : data.from,
    message: text ?? caption ?? '',
    messageId: data.messageId,
    timestamp: data.timestamp,
    accountId: event.accountId,
    chatId: data.chatId,
    fromMe: data.fromMe === true,
    type: data.type,
    ...(text !== undefined ? { text } : {}),
    hasMedia: data.hasMedia === true,
    ...(mediaId !== undefined ? { mediaId } : {}),
    ...(caption !== undefined ? { caption } : {}),
    ...(inGroup ? { participant: optionalString(data.participant) ?? data.from } : {}),
  };
}

/** The body one subscription receives for one event, serialised once so it is signed as sent. */
export function renderPayload(webhook: Pick<WebhookDoc, 'format'>, event: WildcatEvent): string {
  if (webhook.format === 'seed' && event.type === 'message') return JSON.stringify(seedMessagePayload(event));
  const { id, type, accountId, timestamp, data } = event;
  return JSON.stringify({ id, type, accountId, timestamp, data });
}
