import type { WildcatEvent } from '@wildcat/jobs';
import type { WebhookDoc } from '@wildcat/store';

/** What rendering needs beyond the event: where receivers reach the gateway (PUBLIC_BASE_URL). */
export interface PayloadOptions {
  publicBaseUrl?: string;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The download route of a message's media, absolute, for receivers that fetch it with their key. */
export function mediaUrlOf(baseUrl: string, accountId: string, messageId: string): string {
  return `${baseUrl}/accounts/${encodeURIComponent(accountId)}/messages/${encodeURIComponent(messageId)}/media`;
}

/** Fields the original server sent beside the reference's eight, and the typed content of ours. */
function extraFields(event: WildcatEvent, options: PayloadOptions): Record<string, unknown> {
  const data = event.data;
  const messageId = String(data.messageId);
  const quotedMessageId = optionalString(data.quotedMessageId);
  const quotedText = optionalString(data.quotedText);
  const hasMedia = data.hasMedia === true;
  return {
    ...(hasMedia ? { mediaType: data.type } : {}),
    ...(hasMedia && typeof data.mimetype === 'string' ? { mimetype: data.mimetype } : {}),
    ...(hasMedia && options.publicBaseUrl
      ? { mediaUrl: mediaUrlOf(options.publicBaseUrl, event.accountId, messageId) }
      : {}),
    ...(quotedMessageId
      ? {
          quotedMessage: {
            messageId: quotedMessageId,
            ...(quotedText !== undefined ? { text: quotedText } : {}),
          },
        }
      : {}),
    mentions: Array.isArray(data.mentions) ? data.mentions : [],
    ...(typeof data.timestamp === 'number' ? { createdAt: new Date(data.timestamp).toISOString() } : {}),
    ...(data.location ? { location: data.location } : {}),
    ...(data.contacts ? { contacts: data.contacts } : {}),
    ...(data.poll ? { poll: data.poll } : {}),
    ...(typeof data.selectedId === 'string' ? { selectedId: data.selectedId } : {}),
    ...(data.forwarded === true ? { forwarded: true } : {}),
  };
}

/**
 * The reference's webhook payload for a message: exactly its eight fields, then additive ones.
 * `message` is the text, else the caption, else '' (media without a caption); `text` is the
 * caption for captioned media, as the original server sent it.
 */
export function seedMessagePayload(
  event: WildcatEvent,
  options: PayloadOptions = {},
): Record<string, unknown> {
  const data = event.data;
  const text = optionalString(data.text);
  const caption = optionalString(data.caption);
  const mediaId = optionalString(data.mediaId);
  // A group message: `from` is the group, as the original sent it; `participant` is who wrote.
  const inGroup = optionalString(data.chatId)?.endsWith('@g.us') === true;
  const shown = text ?? caption;
  return {
    from: inGroup ? data.chatId : data.from,
    message: shown ?? '',
    messageId: data.messageId,
    timestamp: data.timestamp,
    accountId: event.accountId,
    chatId: data.chatId,
    fromMe: data.fromMe === true,
    type: data.type,
    ...(shown !== undefined ? { text: shown } : {}),
    hasMedia: data.hasMedia === true,
    ...(mediaId !== undefined ? { mediaId } : {}),
    ...(caption !== undefined ? { caption } : {}),
    ...(inGroup ? { participant: optionalString(data.participant) ?? data.from } : {}),
    ...extraFields(event, options),
  };
}

/** The body one subscription receives for one event, serialised once so it is signed as sent. */
export function renderPayload(
  webhook: Pick<WebhookDoc, 'format'>,
  event: WildcatEvent,
  options: PayloadOptions = {},
): string {
  if (webhook.format === 'seed' && event.type === 'message')
    return JSON.stringify(seedMessagePayload(event, options));
  const { id, type, accountId, timestamp, data } = event;
  return JSON.stringify({ id, type, accountId, timestamp, data });
}
