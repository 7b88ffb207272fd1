import { describe, expect, it } from 'vitest';
import { useStore } from './store-fixture.js';

const store = useStore();

describe('live status mirror', () => {
  it('keeps the newest status across a failover: a late write of the old owner loses', async () => {
    await store.accounts.create({ id: 'lsm-a' });
    const mirror = store.accounts.liveStatusMirror();
    const live = async () => (await store.accounts.get('lsm-a'))?.live;
    // The new owner (epoch 5) wrote at t=2000; the old owner's write from t=1000 arrives late.
    await mirror.write('lsm-a', { status: 'connected', epoch: 5, at: 2_000 });
    await mirror.write('lsm-a', { status: 'reconnecting', epoch: 4, at: 1_000 });
    expect(await live()).toEqual({ status: 'connected', epoch: 5, at: 2_000 });
    // The same owner's next change applies.
    await mirror.write('lsm-a', { status: 'logged_out', epoch: 5, at: 3_000 });
    expect((await live())?.status).toBe('logged_out');
    // A newer epoch applies even with a lagging clock (the new owner's host is behind).
    await mirror.write('lsm-a', { status: 'connecting', epoch: 6, at: 2_500 });
    expect((await live())?.status).toBe('connecting');
    // After a Redis that lost its data the epochs restart low: a newer timestamp still applies.
    await mirror.write('lsm-a', { status: 'needs_qr', epoch: 1, at: 9_000 });
    expect(await live()).toEqual({ status: 'needs_qr', epoch: 1, at: 9_000 });
  });

  it('keeps the newest of writes queued in the same batch', async () => {
    await store.accounts.create({ id: 'lsm-b' });
    const mirror = store.accounts.liveStatusMirror();
    await Promise.all([
      mirror.write('lsm-b', { status: 'connecting', epoch: 1, at: 100 }),
      mirror.write('lsm-b', { status: 'connected', epoch: 1, at: 300 }),
      mirror.write('lsm-b', { status: 'needs_qr', epoch: 1, at: 200 }),
    ]);
    expect((await store.accounts.get('lsm-b'))?.live?.status).toBe('connected');
  });

  it('lets the accounts table filter by the mirrored status; none mirrored reads as not_started', async () => {
    const mirror = store.accounts.liveStatusMirror();
    for (let index = 0; index < 9; index++) await store.accounts.create({ id: `lsm-f${index}` });
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((index) =>
        mirror.write(`lsm-f${index}`, {
          status: index % 2 === 0 ? 'connected' : 'not_started',
          epoch: 1,
          at: 1_000,
        }),
      ),
    );
    const connected = await store.accountSearch.page(
      { q: 'lsm-f', status: 'connected', sort: '-id' },
      { limit: 2, skip: 0 },
    );
    expect(connected.total).toBe(3);
    expect(connected.docs.map((doc) => doc._id)).toEqual(['lsm-f4', 'lsm-f2']);
    // 1, 3, 5 were stopped; 6, 7, 8 never started (no mirror at all).
    const notStarted = await store.accountSearch.page(
      { q: 'lsm-f', status: 'not_started', sort: 'id' },
      { limit: 10, skip: 0 },
    );
    expect(notStarted.docs.map((doc) => doc._id)).toEqual([
      'lsm-f1',
      'lsm-f3',
      'lsm-f5',
      'lsm-f6',
      'lsm-f7',
      'lsm-f8',
    ]);
    expect(notStarted.total).toBe(6);
  });

  it('sets the desired state of a selection and tells which ids exist', async () => {
    await store.accounts.create({ id: 'lsm-s1' });
    await store.accounts.create({ id: 'lsm-s2' });
    expect([...(await store.accounts.existing(['lsm-s1', 'nope', 'lsm-s2']))].sort()).toEqual([
      'lsm-s1',
      'lsm-s2',
    ]);
    await store.accounts.setDesiredStates(['lsm-s1', 'lsm-s2'], 'disconnected');
    expect((await store.accounts.get('lsm-s2'))?.desiredState).toBe('disconnected');
  });
});
