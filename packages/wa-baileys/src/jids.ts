import {
  isJidGroup,
  isLidUser,
  isPnUser,
  jidNormalizedUser,
  type WAMessageKey,
} from '@whiskeysockets/baileys';

/**
 * Chats are keyed by phone-number JIDs wherever WhatsApp tells us the phone number, so a
 * contact who writes once by PN and once by LID stays one chat in our store. A bare LID is kept
 * when no PN is known.
 */
export function preferPn(jid: string | null | undefined, alt: string | null | undefined): string {
  if (isLidUser(jid ?? undefined) && isPnUser(alt ?? undefined)) return jidNormalizedUser(alt!);
  return jid ? jidNormalizedUser(jid) : '';
}

export function chatIdOf(key: WAMessageKey): string {
  return preferPn(key.remoteJid, key.remoteJidAlt);
}

/** Author of a message: us, the group participant, or the 1:1 contact. */
export function authorOf(key: WAMessageKey, ownJid: string): string {
  if (key.fromMe) return ownJid;
  if (isJidGroup(key.remoteJid ?? undefined) && key.participant)
    return preferPn(key.participant, key.participantAlt);
  return chatIdOf(key);
}

/** `15551234567:12@s.whatsapp.net` → `15551234567@s.whatsapp.net` */
export function accountJid(deviceJid: string): string {
  return jidNormalizedUser(deviceJid);
}
