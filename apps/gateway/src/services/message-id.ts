import { randomBytes } from 'node:crypto';

/** A WhatsApp message id as Baileys generates them for web clients: `3EB0` + 18 uppercase hex digits. */
export function newMessageId(): string {
  return `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
}
