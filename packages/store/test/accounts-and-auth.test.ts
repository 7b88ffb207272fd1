import { describe, expect, it } from 'vitest';
import { AccountExistsError, isSafeCollectionName, StaleEpochError } from '../src/index.js';
import { useStore } from './store-fixture.js';

const store = useStore();

describe('accounts', () => {
  it('creates with defaults and rejects a duplicate id', async () => {
    const created = await store.accounts.create({ id: 'mybot', name: 'My Bot' });
    expect(created).toMatchObject({
      _id: 'mybot',
      name: 'My Bot',
      collectionName: 'auth_mybot',
      desiredState: 'connected',
    });
    await expect(store.accounts.create({ id: 'mybot' })).rejects.toBeInstanceOf(AccountExistsError);
    expect((await store.accounts.get('mybot'))?.name).toBe('My Bot');
    expect(await store.accounts.get('nobody')).toBeNull();
  });

  it('lists in creation order with limit and skip, and tracks desired state', async () => {
    for (const id of ['a1', 'a2', 'a3']) await store.accounts.create({ id });
    const page = await store.accounts.list({ limit: 2, skip: 1 });
    expect(page.map((account) => account._id)).toEqual(['a1', 'a2']);
    expect(await store.accounts.count()).toBe(4);
    await store.accounts.setDesiredState('a2', 'disconnected');
    expect((await store.accounts.idsWanting('connected')).sort()).toEqual(['a1', 'a3', 'mybot']);
    const wanting = await store.accounts.listWanting('connected');
    expect(wanting.map((account) => account._id).sort()).toEqual(['a1', 'a3', 'mybot']);
    expect(wanting.find((account) => account._id === 'mybot')).toMatchObject({
      collectionName: 'auth_mybot',
    });
  });

  it('treats an operator object as a plain value, never as a query', async () => {
    const hostile = { $gt: '' } as unknown as string;
    expect(await store.accounts.get(hostile)).toBeNull();
  });
});

describe('auth state', () => {
  it('round-trips creds and keys byte-exact, strings as plain values', async () => {
    const auth = store.authState('auth_mybot');
    const creds = {
      noiseKey: { private: Buffer.from([1, 2, 3]), public: new Uint8Array([4, 5]) },
      me: { id: '1@s.whatsapp.net' },
    };
    await auth.writeCreds(creds, 1);
    const read = await auth.readCreds<typeof creds>();
    expect(Buffer.compare(read?.noiseKey.private as Buffer, Buffer.from([1, 2, 3]))).toBe(0);
    expect(Buffer.from(read?.noiseKey.public as Uint8Array)).toEqual(Buffer.from([4, 5]));
    expect(read?.me.id).toBe('1@s.whatsapp.net');

    await auth.writeKeys(
      {
        'pre-key': { '1': { keyPair: Buffer.from('k1') }, '2': { keyPair: Buffer.from('k2') } },
        'lid-mapping': { '123': '456@lid' },
      },
      1,
    );
    const keys = await auth.readKeys<{ keyPair: Buffer }>('pre-key', ['1', '2', '3']);
    expect(Object.keys(keys).sort()).toEqual(['1', '2']);
    expect(keys['2']?.keyPair.toString()).toBe('k2');
    expect(await auth.readKeys<string>('lid-mapping', ['123'])).toEqual({ '123': '456@lid' });

    await auth.writeKeys({ 'pre-key': { '1': null } }, 1);
    expect(Object.keys(await auth.readKeys('pre-key', ['1', '2']))).toEqual(['2']);
  });

  it('rejects writes carrying an older epoch than the last one', async () => {
    const auth = store.authState('auth_a1');
    await auth.writeCreds({ v: 1 }, 3);
    await expect(auth.writeCreds({ v: 'stale' }, 2)).rejects.toBeInstanceOf(StaleEpochError);
    await expect(auth.writeKeys({ session: { x: { v: 1 } } }, 2)).rejects.toBeInstanceOf(StaleEpochError);
    await expect(auth.clear(2)).rejects.toBeInstanceOf(StaleEpochError);
    expect(await auth.readCreds()).toEqual({ v: 1 });
    await auth.writeCreds({ v: 4 }, 4);
    expect(await auth.readCreds()).toEqual({ v: 4 });
    await auth.clear(4);
    expect(await auth.hasCreds()).toBe(false);
  });

  it('refuses unsafe collection names', () => {
    for (const name of [
      'system.users',
      'auth.x',
      '$cmd',
      'accounts',
      'messages',
      '',
      'a'.repeat(81),
      'system_x',
    ]) {
      expect(isSafeCollectionName(name), name).toBe(false);
      expect(() => store.authState(name), name).toThrow();
    }
    expect(isSafeCollectionName('auth_mybot')).toBe(true);
  });
});

describe('createStore', () => {
  it('says where MongoDB was unreachable, without the credentials of the URL', async () => {
    const { createStore, StoreUnavailableError } = await import('../src/index.js');
    const attempt = createStore({
      url: 'mongodb://admin:hunter2@127.0.0.1:1',
      dbName: 'x',
      clientOptions: { serverSelectionTimeoutMS: 300 },
    });
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(/cannot reach MongoDB at 127\.0\.0\.1:1 .*set MONGODB_URL/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});

describe('isStoreUnavailable', () => {
  it('tells an unreachable MongoDB apart from a refused operation', async () => {
    const { startDevdb } = await import('@wildcat/devdb');
    const { AccountExistsError, createStore, isStoreUnavailable } = await import('../src/index.js');
    const server = await startDevdb({ quiet: true });
    const own = await createStore({
      url: server.url,
      dbName: 'unavailable_probe',
      clientOptions: { serverSelectionTimeoutMS: 500 },
    });
    await own.accounts.create({ id: 'x' });
    const refused = await own.accounts.create({ id: 'x' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AccountExistsError);
    expect(isStoreUnavailable(refused)).toBe(false);
    await server.close();
    const down = await own.accounts.get('x').catch((error: unknown) => error);
    expect(isStoreUnavailable(down)).toBe(true);
    await own.close();
  });
});
