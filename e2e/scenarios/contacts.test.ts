import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndPair, type PairedAccount, pair } from '../support/accounts.js';
import { type Api, expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { chatMessages } from '../support/messages.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** `15550000002@s.whatsapp.net` as a person would type it: `+1 555-000-0002`. */
const typed = (jid: string) => {
  const digits = jid.split('@')[0] as string;
  return `+${digits.slice(0, 1)} ${digits.slice(1, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
};

const send = async (api: Api, from: string, to: string, text: string) =>
  expectStatus(
    await api.call('POST', `/accounts/${from}/message/send`, { body: { to, message: text } }),
    200,
    `send ${text}`,
  ).json.messageId as string;

// Contacts, profile, blocking and calls through both gateways and both workers (sandbox engine).
describe('contacts, profile, blocking and calls on the multi-process sandbox stack', () => {
  // The picture-by-url step fetches from this process's loopback file server.
  const e2e = useE2eStack({ MEDIA_URL_ALLOW_PRIVATE_NETWORKS: 'true' });
  let sink: WebhookSink;
  let files: Server;
  let filesUrl = '';
  let alice: PairedAccount;
  let bob: PairedAccount;
  let carol: PairedAccount;
  beforeAll(async () => {
    sink = await startWebhookSink();
    files = createServer((request, response) => {
      if (request.url === '/bob.png')
        return void response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (request.url === '/notes.txt') return void response.writeHead(200).end('not an image');
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await sink?.close();
    files?.closeAllConnections();
    await new Promise((resolve) => files?.close(resolve));
  });

  // contacts/check: any form, input order, cached per account; bad input is 400, unpaired is 409
  const checkNumbers = async () => {
    const { api } = e2e();
    alice = await createAndPair(api, 'alice');
    bob = await createAndPair(api, 'bob');
    // Carol's phone runs WhatsApp Business.
    carol = await createAndPair(api, 'carol', { business: true });
    const nobody = '+1 999 000 0000';
    const numbers = [typed(bob.jid), nobody, alice.jid.split('@')[0], carol.jid];
    const first = expectStatus(
      await api.call('POST', '/accounts/alice/contacts/check', { body: { numbers } }),
      200,
      'check',
    ).json;
    expect(first).toEqual({
      ok: true,
      results: [
        { input: numbers[0], exists: true, jid: bob.jid },
        { input: nobody, exists: false },
        { input: numbers[2], exists: true, jid: alice.jid },
        { input: carol.jid, exists: true, jid: carol.jid },
      ],
    });
    // Bob unlinks his number: alice's cached answer stands, carol (never asked) hears the truth.
    expectStatus(await api.call('POST', '/accounts/bob/logout'), 200, 'bob logout');
    const cached = await api.call('POST', '/accounts/alice/contacts/check', { body: { numbers: [bob.jid] } });
    expect(cached.json.results).toEqual([{ input: bob.jid, exists: true, jid: bob.jid }]);
    const fresh = await api.call('POST', '/accounts/carol/contacts/check', { body: { numbers: [bob.jid] } });
    expect(fresh.json.results).toEqual([{ input: bob.jid, exists: false }]);
    // Bob pairs again (same number) for the rest of the scenario.
    expectStatus(await api.call('POST', '/accounts/bob/connect'), 200, 'bob connect');
    bob = await pair(api, 'bob');

    const tooMany = Array.from({ length: 51 }, (_, i) => `1555123${String(i).padStart(4, '0')}`);
    const over = await api.call('POST', '/accounts/alice/contacts/check', { body: { numbers: tooMany } });
    expect([over.status, over.json]).toEqual([
      400,
      { ok: false, error: 'numbers must hold 1 to 50 phone numbers' },
    ]);
    const garbage = await api.call('POST', '/accounts/alice/contacts/check', {
      body: { numbers: ['15550000001', 'not-a-number'] },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.json.error).toMatch(/^numbers\[1\] \("not-a-number"\) is not a phone number/);
    expectStatus(await api.call('POST', '/accounts', { body: { id: 'dave' } }), 201, 'dave');
    const unpaired = await api.call('POST', '/accounts/dave/contacts/check', { body: { numbers: [nobody] } });
    expect([unpaired.status, unpaired.json]).toEqual([409, { ok: false, error: 'Account not connected' }]);
  };

  // own profile: name and about set → others read them with the picture; notify from seen messages
  const ownProfile = async () => {
    const { api } = e2e();
    const profile = await api.call('PATCH', '/accounts/alice/profile', {
      body: { name: 'Alice Co', about: 'Open 9-5' },
    });
    expect([profile.status, profile.json]).toEqual([
      200,
      { ok: true, profile: { name: 'Alice Co', about: 'Open 9-5' } },
    ]);
    const form = new FormData();
    form.append('picture', new Blob([PNG], { type: 'image/png' }), 'me.png');
    expect(
      expectStatus(await api.call('PUT', '/accounts/alice/profile/picture', { form }), 200, 'picture').json,
    ).toEqual({ ok: true });
    const notImage = await api.call('PUT', '/accounts/bob/profile/picture', {
      body: { base64: Buffer.from('plain text').toString('base64') },
    });
    expect([notImage.status, notImage.json]).toEqual([
      400,
      { ok: false, error: 'picture must be a JPEG, PNG or WebP image' },
    ]);
    // By url: the worker fetches it; an unreachable or missing file, or one that is no image, says so.
    const pictureByUrl = (url: string) => api.call('PUT', '/accounts/bob/profile/picture', { body: { url } });
    expect(expectStatus(await pictureByUrl(`${filesUrl}/bob.png`), 200, 'picture by url').json).toEqual({
      ok: true,
    });
    const refusedUrls = await Promise.all(
      ['http://127.0.0.1:1/x.png', `${filesUrl}/missing.png`, `${filesUrl}/notes.txt`].map(pictureByUrl),
    );
    expect(refusedUrls.map((r) => [r.status, r.json])).toEqual([
      [422, { ok: false, error: 'url could not be fetched (ECONNREFUSED)' }],
      [422, { ok: false, error: 'url answered 404' }],
      [400, { ok: false, error: 'picture must be a JPEG, PNG or WebP image' }],
    ]);
    const bobSeen = expectStatus(
      await api.call('GET', `/accounts/carol/contacts/${bob.jid}`),
      200,
      'bob',
    ).json;
    expect(bobSeen.contact.pictureUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    expect(bobSeen.contact.isBusiness).toBe(false);
    const carolSeen = expectStatus(
      await api.call('GET', `/accounts/bob/contacts/${carol.jid}`),
      200,
      'carol',
    );
    expect(carolSeen.json.contact).toEqual({ jid: carol.jid, isBusiness: true });
    // Alice's phone saves bob in its address book: the name syncs to the account and shows as name.
    const saved = await api.call(
      'PUT',
      `/sandbox/accounts/alice/contacts/${encodeURIComponent(typed(bob.jid))}`,
      {
        body: { name: 'Bob (plumber)' },
      },
    );
    expect([saved.status, saved.json]).toEqual([
      200,
      { ok: true, accountId: 'alice', jid: bob.jid, name: 'Bob (plumber)' },
    ]);
    const bobByName = await waitFor(
      async () => {
        const seen = expectStatus(
          await api.call('GET', `/accounts/alice/contacts/${bob.jid}`),
          200,
          'bob',
        ).json;
        return seen.contact.name ? seen.contact : undefined;
      },
      { what: "bob's saved name at alice" },
    );
    expect(bobByName).toMatchObject({ jid: bob.jid, name: 'Bob (plumber)', isBusiness: false });
    const noName = await api.call('PUT', `/sandbox/accounts/alice/contacts/${bob.jid}`, {
      body: { name: ' ' },
    });
    expect([noName.status, noName.json]).toEqual([
      400,
      { ok: false, error: 'name must be 1-100 characters' },
    ]);
    // The new name rides on alice's next message; bob's contact view shows it as notify.
    const id = await send(api, 'alice', bob.jid, 'hello from Alice Co');
    await waitFor(async () => (await chatMessages(api, 'bob', alice.jid)).some((m) => m.messageId === id), {
      what: 'alice → bob',
    });
    const contact = expectStatus(
      await api.call('GET', `/accounts/bob/contacts/${encodeURIComponent(typed(alice.jid))}`),
      200,
      'contact',
    ).json.contact;
    expect(contact).toEqual({
      jid: alice.jid,
      notify: 'Alice Co',
      about: 'Open 9-5',
      pictureUrl: `data:image/png;base64,${PNG.toString('base64')}`,
      isBusiness: false,
    });
    expect(expectStatus(await api.call('GET', '/accounts/alice'), 200, 'alice').json.account.pushName).toBe(
      'Alice Co',
    );
    const group = await api.call('GET', '/accounts/bob/contacts/120363000000000001@g.us');
    expect(group.status).toBe(400);
  };

  // block: a blocked account’s messages do not reach the blocker; unblock lets them through again
  const blocking = async () => {
    const { api } = e2e();
    expect(
      expectStatus(await api.call('POST', `/accounts/carol/contacts/${alice.jid}/block`), 200, 'block').json,
    ).toEqual({ ok: true, jid: alice.jid, blocked: true });
    const blocked = await send(api, 'alice', carol.jid, 'you blocked me');
    const fromBob = await send(api, 'bob', carol.jid, 'bob is not blocked');
    await waitFor(
      async () => (await chatMessages(api, 'carol', bob.jid)).some((m) => m.messageId === fromBob),
      {
        what: 'bob → carol',
      },
    );
    expect(
      expectStatus(await api.call('POST', `/accounts/carol/contacts/${alice.jid}/unblock`), 200, 'unblock')
        .json,
    ).toEqual({ ok: true, jid: alice.jid, blocked: false });
    const after = await send(api, 'alice', carol.jid, 'unblocked now');
    await waitFor(
      async () => (await chatMessages(api, 'carol', alice.jid)).some((m) => m.messageId === after),
      {
        what: 'alice → carol after unblock',
      },
    );
    const ids = (await chatMessages(api, 'carol', alice.jid)).map((m) => m.messageId);
    expect(ids).toContain(after);
    expect(ids).not.toContain(blocked);
  };

  // calls: the callee gets the call event; with rejectCalls the worker rejects it and the caller hears the reject
  const calls = async () => {
    const { api } = e2e();
    for (const id of ['alice', 'bob'])
      expectStatus(
        await api.call('POST', `/accounts/${id}/webhooks`, {
          body: { url: `${sink.url}/${id}`, events: ['call'] },
        }),
        201,
        `webhook ${id}`,
      );
    const callEvents = (accountId: string, callId: string) =>
      sink.deliveries
        .filter(
          (d) => d.eventType === 'call' && d.body.accountId === accountId && d.body.data.callId === callId,
        )
        .map((d) => d.body.data);
    // Ringing through: no reject.
    const ringing = expectStatus(
      await api.call('POST', '/sandbox/accounts/alice/call', { body: { to: typed(bob.jid) } }),
      200,
      'call 1',
    ).json;
    expect(ringing).toEqual({ ok: true, accountId: 'alice', to: bob.jid, callId: expect.any(String) });
    await waitFor(() => callEvents('bob', ringing.callId).length > 0, { what: 'offer at bob' });

    const settings = await api.call('PATCH', '/accounts/bob', { body: { rejectCalls: true } });
    expect([settings.status, settings.json.account.rejectCalls]).toEqual([200, true]);
    const rejected = expectStatus(
      await api.call('POST', '/sandbox/accounts/alice/call', { body: { to: bob.jid, isVideo: true } }),
      200,
      'call 2',
    ).json;
    await waitFor(() => callEvents('alice', rejected.callId).length > 0, { what: 'reject at alice' });
    await waitFor(() => callEvents('bob', rejected.callId).length >= 2, { what: 'offer and reject at bob' });
    // Both stages, in either order: webhook deliveries of one account run in parallel.
    const byStatus = (a: { status: string }, b: { status: string }) => a.status.localeCompare(b.status);
    expect(callEvents('bob', rejected.callId).sort(byStatus)).toEqual([
      { callId: rejected.callId, from: alice.jid, isVideo: true, status: 'offer' },
      { callId: rejected.callId, from: alice.jid, isVideo: true, status: 'reject' },
    ]);
    expect(callEvents('alice', rejected.callId)).toEqual([
      { callId: rejected.callId, from: bob.jid, isVideo: true, status: 'reject' },
    ]);
    expect(callEvents('bob', ringing.callId)).toEqual([
      { callId: ringing.callId, from: alice.jid, isVideo: false, status: 'offer' },
    ]);
    expect(callEvents('alice', ringing.callId)).toEqual([]);
    const outside = await api.call('POST', '/sandbox/accounts/alice/call', {
      body: { to: '+1 999 000 0000' },
    });
    expect([outside.status, outside.json]).toEqual([
      400,
      { ok: false, error: '19990000000@s.whatsapp.net is not a sandbox account' },
    ]);
  };

  // One test: a retry gets a fresh stack (useE2eStack), so the steps share one run.
  it('checks numbers, sets the profile, blocks and handles calls', async () => {
    await checkNumbers();
    await ownProfile();
    await blocking();
    await calls();
  });
});
