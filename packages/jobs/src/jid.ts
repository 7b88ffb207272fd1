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

/** Account ids are used in Redis keys, queue job ids and collection names: keep them boring. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const accountIdSchema = z.string().regex(ACCOUNT_ID_PATTERN);

/** WhatsApp message ids as Baileys and our gateway generate them (hex/alnum, bounded). */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const messageIdSchema = z.string().regex(MESSAGE_ID_PATTERN);
