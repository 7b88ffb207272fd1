import { type BaileysEventMap, type Contact, processSyncAction, proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { contactNamesOf } from '../src/map-contacts.js';

/** What Baileys itself emits for one app-state mutation (its own processSyncAction). */
function emitted(index: string[], value: proto.ISyncActionValue): Partial<Contact>[] {
  const contacts: Partial<Contact>[] = [];
  const ev = {
    emit: (event: keyof BaileysEventMap, data: unknown) => {
      if (event === 'contacts.upsert' || event === 'contacts.update') contacts.push(...(data as Contact[]));
      return true;
    },
  };
  processSyncAction(
    { syncAction: { value: proto.SyncActionValue.fromObject(value) }, index } as never,
    ev as never,
    { id: '15550009999@s.whatsapp.net', name: 'Me' },
  );
  return contacts;
}

describe('contact names from Baileys events', () => {
  it("the phone's address book (app-state contactAction) by phone JID, with or without a LID", () => {
    const byPn = emitted(['contact', '15550001111@s.whatsapp.net'], {
      timestamp: 1,
      contactAction: { fullName: 'Bob (plumber)', firstName: 'Bob', lidJid: '99887766@lid' },
    });
    expect(contactNamesOf(byPn)).toEqual([{ jid: '15550001111@s.whatsapp.net', name: 'Bob (plumber)' }]);
    // Indexed by LID with the phone number beside it: stored under the number.
    const byLid = emitted(['contact', '99887755@lid'], {
      timestamp: 1,
      contactAction: { firstName: 'Carol', pnJid: '15550002222@s.whatsapp.net' },
    });
    expect(contactNamesOf(byLid)).toEqual([{ jid: '15550002222@s.whatsapp.net', name: 'Carol' }]);
    // Known only by a LID, or with no name at all: nothing to store under a number.
    const lidOnly = emitted(['contact', '99887744@lid'], {
      timestamp: 1,
      lidContactAction: { fullName: 'Dan' },
    });
    expect(lidOnly).not.toEqual([]);
    expect(contactNamesOf(lidOnly)).toEqual([]);
    expect(
      contactNamesOf(emitted(['contact', '15550003333@s.whatsapp.net'], { timestamp: 1, contactAction: {} })),
    ).toEqual([]);
  });

  it("a business's verified name from contacts.update (as Baileys emits it for a message), device suffix dropped", () => {
    expect(
      contactNamesOf([
        { id: '15550004444:3@s.whatsapp.net', notify: 'Acme', verifiedName: 'Acme Ltd' },
        { id: '15550005555@s.whatsapp.net', notify: 'Only a push name' },
      ]),
    ).toEqual([{ jid: '15550004444@s.whatsapp.net', verifiedName: 'Acme Ltd' }]);
  });
});
