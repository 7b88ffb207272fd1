import { describe, expect, it } from 'vitest';
import { useStore } from './store-fixture.js';

const store = useStore();
const bob = '15550000002@s.whatsapp.net';

describe('contacts (names the phone synced)', () => {
  it('upserts per (account, contact); an entry without a name keeps the stored one', async () => {
    await store.contacts.saveNames('acc', [{ jid: bob, name: 'Bob (plumber)' }, { jid: '1@s.whatsapp.net' }]);
    expect(await store.contacts.get('acc', bob)).toMatchObject({
      accountId: 'acc',
      jid: bob,
      name: 'Bob (plumber)',
    });
    // Nothing to store: no document for an entry without names.
    expect(await store.contacts.get('acc', '1@s.whatsapp.net')).toBeNull();
    await store.contacts.saveNames('acc', [{ jid: bob, verifiedName: 'Bob Plumbing Ltd' }]);
    await store.contacts.saveNames('acc', [{ jid: bob, name: 'Bob' }]);
    expect(await store.contacts.get('acc', bob)).toMatchObject({
      name: 'Bob',
      verifiedName: 'Bob Plumbing Ltd',
    });
    expect(await store.contacts.get('other', bob)).toBeNull();
    expect(await store.db.collection('contacts').countDocuments({ accountId: 'acc', jid: bob })).toBe(1);
  });
});
