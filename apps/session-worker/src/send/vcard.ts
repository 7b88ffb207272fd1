import { phoneDigits } from '@wildcat/jobs';

/** vCard 3.0 text escaping (RFC 2426 §5): backslash, comma, semicolon and line breaks. */
export function escapeVcardText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;');
}

/**
 * The vCard WhatsApp shows as a contact card: the number as `+<digits>` with `waid=<digits>`,
 * which makes the card's "Message" button open that number's WhatsApp chat.
 */
export function buildVcard(contact: { name: string; phone: string }): string {
  const name = escapeVcardText(contact.name.trim());
  const digits = phoneDigits(contact.phone);
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:;${name};;;`,
    `FN:${name}`,
    `TEL;type=CELL;type=VOICE;waid=${digits}:+${digits}`,
    'END:VCARD',
  ].join('\n');
}
