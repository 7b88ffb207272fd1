import type { ControlJob } from '@wildcat/jobs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useAppWithWorker } from './helpers/build-test-app.js';

const { t, worker } = useAppWithWorker({ env: { CONTACT_PROFILE_CACHE_MS: '60000' }, account: 'bot' });
const checks = () => worker.controls.filter((job) => job.action === 'contacts-check');

beforeAll(async () => {
  // Stands in for the session worker: numbers ending in 0 are "not on WhatsApp".
  worker.controlResult = (job: ControlJob) => {
    if (job.action === 'contacts-check')
      return {
        data: {
          results: job.jids.map((jid) =>
            jid.startsWith('0', jid.indexOf('@') - 1)
              ? { jid, exists: false }
              : { jid, exists: true, resolvedJid: jid },
          ),
        },
      };
    if (job.action === 'contact-profile') return { data: { about: `about ${job.jid}`, isBusiness: false } };
    return {};
  };
});
beforeEach(() => {
  worker.controls.length = 0;
});

const check = (numbers: unknown) =>
  t.app.inject({ method: 'POST', url: '/accounts/bot/contacts/check', payload: { numbers } });

describe('POST /accounts/:accountId/contacts/check', () => {
  it('any common form → results in input order; only uncached numbers reach the worker, once each', async () => {
    const first = await check(['+1 555-000-0011', '15550000010', '15550000011@s.whatsapp.net']);
    expect([first.statusCode, first.json()]).toEqual([
      200,
      {
        ok: true,
        results: [
          { input: '+1 555-000-0011', exists: true, jid: '15550000011@s.whatsapp.net' },
          { input: '15550000010', exists: false },
          { input: '15550000011@s.whatsapp.net', exists: true, jid: '15550000011@s.whatsapp.net' },
        ],
      },
    ]);
    // Duplicates are asked once.
    expect(checks().map((job) => job.action === 'contacts-check' && job.jids)).toEqual([
      ['15550000011@s.whatsapp.net', '15550000010@s.whatsapp.net'],
    ]);
    const second = await check(['(1) 555 000 0010', '15550000021', '15550000011']);
    expect(second.json().results).toEqual([
      { input: '(1) 555 000 0010', exists: false },
      { input: '15550000021', exists: true, jid: '15550000021@s.whatsapp.net' },
      { input: '15550000011', exists: true, jid: '15550000011@s.whatsapp.net' },
    ]);
    expect(checks().map((job) => job.action === 'contacts-check' && job.jids)).toEqual([
      ['15550000011@s.whatsapp.net', '15550000010@s.whatsapp.net'],
      ['15550000021@s.whatsapp.net'],
    ]);
    // All cached: no job at all.
    expect((await check(['15550000021', '15550000010'])).statusCode).toBe(200);
    expect(checks()).toHaveLength(2);
  });

  it('bad input → 400 saying what to fix, before any job', async () => {
    const cases: [unknown, string][] = [
      [undefined, 'numbers is required'],
      [[], 'numbers must hold 1 to 50 phone numbers'],
      [
        Array.from({ length: 51 }, (_, i) => `1555000${String(i).padStart(4, '0')}`),
        'numbers must hold 1 to 50 phone numbers',
      ],
      ['15550000011', 'numbers must hold 1 to 50 phone numbers'],
      [['15550000011', 42], 'numbers must hold strings'],
      [
        ['15550000011', 'call me maybe'],
        'numbers[1] ("call me maybe") is not a phone number: use digits with the country code, e.g. +91 98765 43210 or 919876543210',
      ],
      [
        ['120363000000000001@g.us'],
        expect.stringMatching(/^numbers\[0\] \("120363000000000001@g\.us"\) is not a phone number/),
      ],
      [['12345'], expect.stringMatching(/^numbers\[0\] \("12345"\) is not a phone number/)],
    ];
    for (const [numbers, error] of cases) {
      const response = await check(numbers);
      expect([response.statusCode, response.json()], JSON.stringify(numbers)).toEqual([
        400,
        { ok: false, error },
      ]);
    }
    expect(checks()).toEqual([]);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/accounts/nobody/contacts/check',
      payload: { numbers: ['15550000011'] },
    });
    expect([unknown.statusCode, unknown.json()]).toEqual([404, { ok: false, error: 'Account not found' }]);
  });

  it('a worker failure keeps its status and message (409 not connected, 429 with Retry-After)', async () => {
    const own = worker.controlResult;
    worker.controlResult = () => ({ ok: false, error: 'Account not connected', httpStatus: 409 });
    const offline = await check(['15550000031']);
    expect([offline.statusCode, offline.json()]).toEqual([
      409,
      { ok: false, error: 'Account not connected' },
    ]);
    worker.controlResult = () => ({
      ok: false,
      error: 'Rate limit exceeded',
      httpStatus: 429,
      retryAfterMs: 4_200,
    });
    const paced = await check(['15550000031']);
    expect([paced.statusCode, paced.headers['retry-after']]).toEqual([429, '5']);
    worker.controlResult = own;
    // Nothing was cached from the failures.
    expect((await check(['15550000031'])).json().results).toEqual([
      { input: '15550000031', exists: true, jid: '15550000031@s.whatsapp.net' },
    ]);
  });
});

describe('contacts and profile', () => {
  it('GET contact: live profile once, then cached; a group JID is refused', async () => {
    const url = '/accounts/bot/contacts/+1%20555%20000%200041';
    const first = await t.app.inject({ method: 'GET', url });
    expect([first.statusCode, first.json()]).toEqual([
      200,
      {
        ok: true,
        contact: {
          jid: '15550000041@s.whatsapp.net',
          about: 'about 15550000041@s.whatsapp.net',
          isBusiness: false,
        },
      },
    ]);
    // The name the phone synced (the worker stores it): the saved name first, else the verified one.
    await t.store.contacts.saveNames('bot', [
      { jid: '15550000041@s.whatsapp.net', verifiedName: 'Acme Ltd' },
      { jid: '15550000042@s.whatsapp.net', verifiedName: 'Other Ltd' },
    ]);
    await t.store.contacts.saveNames('bot', [{ jid: '15550000041@s.whatsapp.net', name: 'Acme (saved)' }]);
    const named = await t.app.inject({
      method: 'GET',
      url: '/accounts/bot/contacts/15550000041@s.whatsapp.net',
    });
    expect(named.json().contact).toEqual({
      jid: '15550000041@s.whatsapp.net',
      name: 'Acme (saved)',
      about: 'about 15550000041@s.whatsapp.net',
      isBusiness: false,
    });
    const verified = await t.app.inject({
      method: 'GET',
      url: '/accounts/bot/contacts/15550000042@s.whatsapp.net',
    });
    expect(verified.json().contact.name).toBe('Other Ltd');
    expect(worker.controls.filter((job) => job.action === 'contact-profile')).toHaveLength(2);
    const group = await t.app.inject({
      method: 'GET',
      url: '/accounts/bot/contacts/120363000000000001@g.us',
    });
    expect([group.statusCode, group.json().error]).toEqual([
      400,
      'jid must be a person: a phone number, …@s.whatsapp.net or …@lid',
    ]);
  });

  it('block/unblock, profile and picture become jobs with the normalised input', async () => {
    const block = await t.app.inject({ method: 'POST', url: '/accounts/bot/contacts/15550000051/block' });
    expect(block.json()).toEqual({ ok: true, jid: '15550000051@s.whatsapp.net', blocked: true });
    const unblock = await t.app.inject({ method: 'POST', url: '/accounts/bot/contacts/15550000051/unblock' });
    expect(unblock.json()).toEqual({ ok: true, jid: '15550000051@s.whatsapp.net', blocked: false });
    const profile = await t.app.inject({
      method: 'PATCH',
      url: '/accounts/bot/profile',
      payload: { name: ' Acme ', about: 'hi' },
    });
    expect(profile.json()).toEqual({ ok: true, profile: { name: 'Acme', about: 'hi' } });
    const empty = await t.app.inject({ method: 'PATCH', url: '/accounts/bot/profile', payload: {} });
    expect([empty.statusCode, empty.json().error]).toEqual([400, 'Send name, about or both']);
    const long = await t.app.inject({
      method: 'PATCH',
      url: '/accounts/bot/profile',
      payload: { name: 'x'.repeat(26) },
    });
    expect(long.json().error).toBe('name must be 1-25 characters');
    const picture = await t.app.inject({
      method: 'PUT',
      url: '/accounts/bot/profile/picture',
      payload: { base64: Buffer.from('img').toString('base64') },
    });
    expect([picture.statusCode, picture.json()]).toEqual([200, { ok: true }]);
    // By url: checked here, fetched by the worker (the job carries the url, not bytes).
    const byUrl = await t.app.inject({
      method: 'PUT',
      url: '/accounts/bot/profile/picture',
      payload: { url: 'https://pictures.example.com/me.png' },
    });
    expect([byUrl.statusCode, byUrl.json()]).toEqual([200, { ok: true }]);
    const put = (payload: unknown) =>
      t.app.inject({ method: 'PUT', url: '/accounts/bot/profile/picture', payload: payload as object });
    const refusals = await Promise.all([
      put({}),
      put({ url: 'https://x.example/a.png', base64: 'aW1n' }),
      put({ url: 'ftp://x.example/a.png' }),
      put({ url: 'http://127.0.0.1/a.png' }),
      put({ url: 42 }),
    ]);
    expect(refusals.map((r) => [r.statusCode, r.json().error])).toEqual([
      [400, 'exactly one of base64 or url is required'],
      [400, 'exactly one of base64 or url is required'],
      [400, 'url must use http or https'],
      [400, 'url host 127.0.0.1 is a loopback address; media URLs must be public'],
      [400, 'url must be a string'],
    ]);
    const jobs = worker.controls.map(({ accountId, ...job }) => job);
    expect(jobs).toEqual([
      { action: 'contact-block', jid: '15550000051@s.whatsapp.net', blocked: true },
      { action: 'contact-block', jid: '15550000051@s.whatsapp.net', blocked: false },
      { action: 'profile-update', name: 'Acme', about: 'hi' },
      { action: 'profile-picture', image: Buffer.from('img').toString('base64') },
      { action: 'profile-picture', url: 'https://pictures.example.com/me.png' },
    ]);
  });

  it('PATCH /accounts/:accountId stores rejectCalls and shows it; bad values are 400', async () => {
    const on = await t.app.inject({ method: 'PATCH', url: '/accounts/bot', payload: { rejectCalls: true } });
    expect([on.statusCode, on.json().account]).toEqual([
      200,
      expect.objectContaining({ _id: 'bot', rejectCalls: true }),
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/accounts/bot' })).json().account.rejectCalls).toBe(
      true,
    );
    expect((await t.store.accounts.get('bot'))?.rejectCalls).toBe(true);
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/accounts/bot',
      payload: { rejectCalls: 'yes' },
    });
    expect([bad.statusCode, bad.json()]).toEqual([
      400,
      { ok: false, error: 'rejectCalls must be true or false' },
    ]);
    const none = await t.app.inject({
      method: 'PATCH',
      url: '/accounts/nobody',
      payload: { rejectCalls: false },
    });
    expect(none.statusCode).toBe(404);
  });
});
