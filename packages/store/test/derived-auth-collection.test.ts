import { describe, expect, it } from 'vitest';
import { useStore } from './store-fixture.js';

const store = useStore();

describe('auth collections are derived and never dropped from under another account (issue 23 item 6)', () => {
  it('create derives auth_{id} whatever a caller passes', async () => {
    const input = { id: 'direct', collectionName: 'auth_victim' } as { id: string };
    expect((await store.accounts.create(input)).collectionName).toBe('auth_direct');
  });

  it('deleting an account stored earlier with a shared collection keeps the collection its owner uses', async () => {
    await store.accounts.create({ id: 'victim' });
    await store.authState('auth_victim').writeCreds({ me: { id: 'victim-creds' } }, 1);
    // Written before collectionName was derived: an account pointing at another's credentials.
    await store.accounts.create({ id: 'intruder' });
    await store.db
      .collection('accounts')
      .updateOne({ _id: 'intruder' as never }, { $set: { collectionName: 'auth_victim' } });
    expect(await store.deleteAccountCascade('intruder')).toBe(true);
    expect(await store.authState('auth_victim').readCreds()).toEqual({ me: { id: 'victim-creds' } });
    // The owner's own delete still drops it.
    expect(await store.deleteAccountCascade('victim')).toBe(true);
    expect(await store.db.collection('auth_victim').countDocuments()).toBe(0);
  });
});
