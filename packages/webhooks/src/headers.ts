/** Header names every delivery carries (lower case, as Node exposes incoming headers). */
export const WILDCAT_HEADERS = {
  eventId: 'x-wildcat-event-id',
  event: 'x-wildcat-event',
  timestamp: 'x-wildcat-timestamp',
  signature: 'x-wildcat-signature',
  deliveryId: 'x-wildcat-delivery-id',
  attempt: 'x-wildcat-attempt',
} as const;

/**
 * Headers a subscription may not set: they belong to the transport or to our own signing, and a
 * custom value would either break the request or let a subscriber forge what we vouch for.
 */
const RESERVED = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED.has(lower) || lower.startsWith('x-wildcat-');
}

/** RFC 7230 token characters; a header name outside them would be rejected by undici anyway. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Visible ASCII and spaces, no CR/LF: a value with a newline would be header injection. */
export const HEADER_VALUE_PATTERN = /^[\t\x20-\x7e]{0,1000}$/;
