import { type BaileysEventEmitter, type Contact, isPnUser, jidNormalizedUser } from '@whiskeysockets/baileys';
import type { ContactNames } from '@wildcat/wa';

/**
 * Names from Baileys' contact events: `contacts.upsert` (the phone's address book through
 * app-state sync, contactAction: `id` the PN or LID, `name`, `phoneNumber`; history sync) and
 * `contacts.update` (`verifiedName` of a business on its messages). Keyed by phone JID: an entry
 * known only by its LID is left out (the API names contacts by number), as is one without a name.
 */
export function contactNamesOf(contacts: readonly Partial<Contact>[]): ContactNames[] {
  const named: ContactNames[] = [];
  for (const contact of contacts) {
    const pn = [contact.phoneNumber, contact.id].find((jid) => jid && isPnUser(jid));
    const name = contact.name?.trim() || undefined;
    const verifiedName = contact.verifiedName?.trim() || undefined;
    if (!pn || (!name && !verifiedName)) continue;
    named.push({
      jid: jidNormalizedUser(pn),
      ...(name ? { name } : {}),
      ...(verifiedName ? { verifiedName } : {}),
    });
  }
  return named;
}

/** Reports every named contact of both events through `emit` (one call per event batch). */
export function listenContacts(ev: BaileysEventEmitter, emit: (contacts: ContactNames[]) => void): void {
  const report = (contacts: readonly Partial<Contact>[]) => {
    const named = contactNamesOf(contacts);
    if (named.length > 0) emit(named);
  };
  ev.on('contacts.upsert', report);
  ev.on('contacts.update', report);
}
