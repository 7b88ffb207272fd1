import { z } from 'zod';

/**
 * WhatsApp addresses we accept: users, groups, broadcast lists, status, and LIDs (which the
 * original server wrongly rejects). One rule for every route and worker.
 */
export const JID_PATTERN =
  /^(?:\d{5,20}@s\.whatsapp\.net|\d{1,20}(?:-\d{1,20})?@g\.us|\d{1,25}@broadcast|status@broadcast|\d{1,25}@lid)$/;

export function isJid(value: string): boolean {
  return JID_PATTERN.test(value);
}

export const jidSchema = z.string().regex(JID_PATTERN);

/** A phone number as people write it: an optional +, digits, spaces, dashes, dots, parentheses. */
const PHONE_NUMBER = /^\+?[\d\s().-]{5,40}$/;

/**
 * A phone number in any common form (`+1 555-000-0002`, `15550000002`, `(91) 98765 43210`)
 * as its user JID (`15550000002@s.whatsapp.net`); anything else is returned as it came, for the
 * JID check to accept or refuse. Clients copy numbers from contacts, not JIDs.
 */
export function toUserJid(input: string): string {
  if (!PHONE_NUMBER.test(input)) return input;
  const digits = input.replace(/\D/g, '');
  // International numbers have at least 7 digits with their country code; shorter is no phone number.
  return digits.length >= 7 && digits.length <= 20 ? `${digits}@s.whatsapp.net` : input;
}

/** Account ids are used in Redis keys, queue job ids and collection names: keep them boring. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const accountIdSchema = z.string().regex(ACCOUNT_ID_PATTERN);

/** WhatsApp message ids as Baileys and our gateway generate them (hex/alnum, bounded). */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const messageIdSchema = z.string().regex(MESSAGE_ID_PATTERN);
