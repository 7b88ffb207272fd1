import { describe, expect, it } from 'vitest';
import { groupResultOf, groupSnapshotOf } from '../src/group-result.js';

const reported = {
  id: '120363000000000001@g.us',
  subject: 'Team',
  owner: '111@s.whatsapp.net',
  creation: 1_700_000_000_000,
  announce: true,
  locked: false,
  // Baileys' members carry more than the API shows (a LID, a phone number).
  participants: [{ jid: '111@s.whatsapp.net', admin: 'superadmin' as const, lid: '9@lid' }],
  addressingMode: 'lid' as const,
};

describe('the one group mapping', () => {
  it('stores what an engine reports with the addressing mode, and shows it without', () => {
    const snapshot = groupSnapshotOf(reported);
    expect(snapshot).toEqual({
      groupId: reported.id,
      subject: 'Team',
      owner: '111@s.whatsapp.net',
      creation: reported.creation,
      announce: true,
      locked: false,
      participants: [{ jid: '111@s.whatsapp.net', admin: 'superadmin' }],
      addressingMode: 'lid',
    });
    expect(groupResultOf({ ...snapshot, description: 'Notes' })).toEqual({
      id: reported.id,
      subject: 'Team',
      description: 'Notes',
      owner: '111@s.whatsapp.net',
      creation: reported.creation,
      announce: true,
      locked: false,
      participants: [{ jid: '111@s.whatsapp.net', admin: 'superadmin' }],
    });
  });

  it('leaves out an absent description and an empty owner, as WhatsApp omits them', () => {
    const shown = groupResultOf(groupSnapshotOf({ ...reported, owner: '', addressingMode: undefined }));
    expect(shown).not.toHaveProperty('description');
    expect(shown).not.toHaveProperty('owner');
    expect(groupSnapshotOf({ ...reported, addressingMode: undefined })).not.toHaveProperty('addressingMode');
  });
});
