import { waitFor } from '@wildcat/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAppWithWorker } from './helpers/build-test-app.js';
import { multipart } from './helpers/multipart.js';

const TO = '919876543210@s.whatsapp.net';
const MESSAGE_ID = /^3EB0[0-9A-F]{18}$/;

const { t, worker } = useAppWithWorker({ account: 'shapes' });

beforeEach(() => {
  worker.sends.length = 0;
  worker.behaviour = () => ({});
});

const post = (path: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/accounts/shapes/message/send/${path}`,
    headers,
    ...(payload ? { payload } : {}),
  });

async function refused(path: string, payload: object, status: number, error: string | RegExp) {
  const response = await post(path, payload);
  expect(response.statusCode, JSON.stringify(payload)).toBe(status);
  const body = response.json();
  expect(body.ok).toBe(false);
  if (typeof error === 'string') expect(body.error).toBe(error);
  else expect(body.error).toMatch(error);
}

describe('POST /accounts/:accountId/message/send/location', () => {
  it('enqueues a location job and answers the message id', async () => {
    const response = await post('location', {
      to: '+91 98765 43210',
      latitude: -33.8568,
      longitude: 151.2153,
      name: 'Opera House',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, messageId: expect.stringMatching(MESSAGE_ID) });
    expect(worker.sends).toEqual([
      expect.objectContaining({
        kind: 'location',
        to: TO,
        latitude: -33.8568,
        longitude: 151.2153,
        name: 'Opera House',
      }),
    ]);
  });

  it('says what to fix: missing coordinates, out of range, not a number, unknown quoted message', async () => {
    await refused('location', { to: TO, latitude: 1 }, 400, 'longitude is required (a number of degrees)');
    await refused('location', { to: TO }, 400, /latitude is required/);
    await refused(
      'location',
      { to: TO, latitude: 91, longitude: 0 },
      400,
      'latitude must be between -90 and 90',
    );
    await refused(
      'location',
      { to: TO, latitude: 0, longitude: -180.5 },
      400,
      'longitude must be between -180 and 180',
    );
    await refused('location', { to: TO, latitude: '12', longitude: 0 }, 400, 'latitude must be a number');
    await refused('location', { latitude: 0, longitude: 0 }, 400, 'to, latitude and longitude are required');
    await refused(
      'location',
      { to: TO, latitude: 0, longitude: 0, quotedMessageId: 'NOPE1' },
      404,
      'Message not found',
    );
    expect(worker.sends).toEqual([]);
  });
});

describe('POST /accounts/:accountId/message/send/contact', () => {
  it('enqueues the cards as given (the worker builds the vCards)', async () => {
    const contacts = [
      { name: 'Ada; Lovelace', phone: '+44 20 7946 0018' },
      { name: 'Desk', phone: '15550000003' },
    ];
    const response = await post('contact', { to: TO, contacts });
    expect(response.statusCode).toBe(200);
    expect(worker.sends).toEqual([expect.objectContaining({ kind: 'contact', to: TO, contacts })]);
  });

  it('1-20 cards, each with a name and a phone number', async () => {
    const card = { name: 'A', phone: '+1 555 000 0003' };
    await refused('contact', { to: TO, contacts: [] }, 400, 'contacts must hold at least one contact');
    await refused(
      'contact',
      { to: TO, contacts: Array.from({ length: 21 }, () => card) },
      400,
      "contacts must hold at most 20 contacts (WhatsApp's limit per message)",
    );
    await refused('contact', { to: TO, contacts: [{ name: 'A' }] }, 400, 'contacts[].phone is required');
    await refused(
      'contact',
      { to: TO, contacts: [{ name: ' ', phone: '15550000003' }] },
      400,
      'contacts[].name must not be empty',
    );
    await refused(
      'contact',
      { to: TO, contacts: [{ name: 'A', phone: 'call me' }] },
      400,
      /phone number with country code/,
    );
    await refused('contact', { to: TO }, 400, /contacts \(1-20 of \{name, phone\}\) are required/);
    expect(worker.sends).toEqual([]);
  });
});

describe('POST /accounts/:accountId/message/send/poll', () => {
  it('enqueues the poll with selectableCount 1 by default', async () => {
    const response = await post('poll', { to: TO, name: 'Day?', options: ['Mon', 'Tue'] });
    expect(response.statusCode).toBe(200);
    expect(worker.sends).toEqual([
      expect.objectContaining({ kind: 'poll', name: 'Day?', options: ['Mon', 'Tue'], selectableCount: 1 }),
    ]);
  });

  it('2-12 distinct options, selectableCount within them', async () => {
    await refused(
      'poll',
      { to: TO, name: 'Q', options: ['only'] },
      400,
      'options must hold at least 2 choices',
    );
    await refused(
      'poll',
      { to: TO, name: 'Q', options: Array.from({ length: 13 }, (_, i) => `o${i}`) },
      400,
      "options must hold at most 12 choices (WhatsApp's limit)",
    );
    await refused('poll', { to: TO, name: 'Q', options: ['a', 'a'] }, 400, /options must be distinct/);
    await refused(
      'poll',
      { to: TO, name: 'Q', options: ['a', 'b'], selectableCount: 3 },
      400,
      'selectableCount must not exceed the number of options',
    );
    await refused(
      'poll',
      { to: TO, name: 'Q', options: ['a', 'b'], selectableCount: 0 },
      400,
      'selectableCount must be at least 1',
    );
    await refused(
      'poll',
      { to: TO, name: '', options: ['a', 'b'] },
      400,
      'name (the poll question) must not be empty',
    );
    await refused('poll', { to: TO, name: 'Q', options: ['a', ''] }, 400, /each option must be a string/);
    await refused('poll', { to: TO, name: 'Q' }, 400, /options \(2-12 strings\) are required/);
    expect(worker.sends).toEqual([]);
  });

  it('Idempotency-Key: a retried poll gets the same messageId and one job', async () => {
    const body = { to: TO, name: 'Day?', options: ['Mon', 'Tue'] };
    const first = await post('poll', body, { 'idempotency-key': 'poll-1' });
    const second = await post('poll', body, { 'idempotency-key': 'poll-1' });
    expect(second.json().messageId).toBe(first.json().messageId);
    expect(worker.sends).toHaveLength(1);
  });

  it('?wait=false answers 202 at once', async () => {
    worker.behaviour = () => 'silent';
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts/shapes/message/send/poll?wait=false',
      payload: { to: TO, name: 'Day?', options: ['Mon', 'Tue'] },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ ok: true, status: 'queued' });
    // Let the worker take it now, so it does not land in the next test's list.
    await waitFor(() => (worker.sends.length === 1 ? true : undefined), { what: 'the queued poll job' });
  });
});

describe('POST /accounts/:accountId/message/send/poll-vote', () => {
  it('votes only with options of a stored poll, within its selectableCount', async () => {
    await t.store.messages.upsert({
      accountId: 'shapes',
      messageId: 'POLLA1',
      chatId: TO,
      from: TO,
      fromMe: false,
      timestamp: Date.now(),
      type: 'poll',
      poll: { name: 'Day?', options: ['Mon', 'Tue', 'Wed'], selectableCount: 1 },
      status: 'received',
    });
    const vote = (options: string[], pollMessageId = 'POLLA1') => ({ to: TO, pollMessageId, options });
    await refused('poll-vote', vote(['Mon'], 'NOPOLL'), 404, /Poll not found/);
    await refused('poll-vote', vote(['Sun']), 400, /options \["Sun"\] are not in this poll/);
    await refused('poll-vote', vote(['Mon', 'Tue']), 400, 'this poll allows at most 1 option(s) per vote');
    expect(worker.sends).toEqual([]);
    const response = await post('poll-vote', vote(['Tue']));
    expect(response.statusCode).toBe(200);
    expect(worker.sends).toEqual([
      expect.objectContaining({ kind: 'poll-vote', pollMessageId: 'POLLA1', options: ['Tue'] }),
    ]);
  });
});

describe('POST /accounts/:accountId/message/send/sticker', () => {
  it('takes a WebP, PNG or JPEG upload in the sticker field; anything else is 415', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const ok = multipart(
      { to: TO },
      { field: 'sticker', fileName: 's.png', contentType: 'image/png', data: png },
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts/shapes/message/send/sticker',
      ...ok,
    });
    expect(response.statusCode).toBe(200);
    expect(worker.sends).toEqual([
      expect.objectContaining({ kind: 'sticker', to: TO, mimetype: 'image/png' }),
    ]);

    const gif = multipart(
      { to: TO },
      { field: 'sticker', fileName: 's.gif', contentType: 'image/gif', data: png },
    );
    const refusedGif = await t.app.inject({
      method: 'POST',
      url: '/accounts/shapes/message/send/sticker',
      ...gif,
    });
    expect(refusedGif.statusCode).toBe(415);
    expect(refusedGif.json().error).toMatch(/sticker must be a WebP, PNG or JPEG image \(got image\/gif\)/);
    expect(worker.sends).toHaveLength(1);
  });
});
