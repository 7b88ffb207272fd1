import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@wildcat/testkit';
import type { AppStateKey, AppStatePatch, CallReject } from '@wildcat/wa-test-peer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaileysStack, startLinkedBaileysStack } from './support/baileys-stack.js';

const accountId = 'cbot';
const phone = '15550500001';
const contact = '15557770501';
const contactJid = `${contact}@s.whatsapp.net`;
const stranger = '15557770599';

// The gateway → control job → worker → Baileys → peer path of each contacts route, and the
// worker's rejectCalls, with the real Baileys client. Tests build on each other: no retry.
describe('contacts, profile and calls through the worker with WA_ENGINE=baileys', { retry: 0 }, () => {
  let t: BaileysStack;
  let appStateKey: AppStateKey | undefined;

  beforeAll(async () => {
    t = await startLinkedBaileysStack(accountId, phone);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('contacts/check: the usync contact query answers one number on WhatsApp and one not', async () => {
    t.peer.contacts.markNotOnWhatsApp(stranger);
    const r = await t.post(`/accounts/${accountId}/contacts/check`, { numbers: [`+${contact}`, stranger] });
    expect([r.statusCode, r.body]).toEqual([
      200,
      {
        ok: true,
        results: [
          { input: `+${contact}`, exists: true, jid: contactJid },
          { input: stranger, exists: false },
        ],
      },
    ]);
  });

  it('GET contact: notify from a stored message, about and picture fetched live from WhatsApp', async () => {
    const id = await t.peer.sendText(contact, phone, 'hello from the contact');
    await waitFor(() => t.store.messages.get(accountId, id), { what: 'inbound stored' });
    const profile = t.peer.contacts.profile(contact);
    profile.about = 'Available';
    profile.pictureUrl = 'https://pps.example.test/v/contact.jpg';
    const r = await t.get(`/accounts/${accountId}/contacts/${contact}`);
    expect([r.statusCode, r.body]).toEqual([
      200,
      {
        ok: true,
        contact: {
          jid: contactJid,
          notify: `Contact ${contact}`,
          about: 'Available',
          pictureUrl: 'https://pps.example.test/v/contact.jpg',
          isBusiness: false,
        },
      },
    ]);
  });

  it('block and unblock reach the server’s block list; PATCH profile about and PUT picture reach the server', async () => {
    expect((await t.post(`/accounts/${accountId}/contacts/${contactJid}/block`)).body).toEqual({
      ok: true,
      jid: contactJid,
      blocked: true,
    });
    expect([...t.peer.contacts.blocklist(phone).values()]).toEqual([contactJid]);
    expect((await t.post(`/accounts/${accountId}/contacts/${contactJid}/unblock`)).statusCode).toBe(200);
    expect(t.peer.contacts.blocklist(phone).size).toBe(0);
    const about = await t.api.call('PATCH', `/accounts/${accountId}/profile`, {
      body: { about: 'Open 9-5' },
    });
    expect([about.status, about.json]).toEqual([200, { ok: true, profile: { about: 'Open 9-5' } }]);
    expect(t.peer.contacts.profile(phone).about).toBe('Open 9-5');
    // A 1×1 PNG as JSON base64: the worker's Baileys uploads a 640×640 JPEG of it.
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    const picture = await t.api.call('PUT', `/accounts/${accountId}/profile/picture`, {
      body: { base64: png },
    });
    expect([picture.status, picture.json]).toEqual([200, { ok: true }]);
    expect(t.peer.contacts.profile(phone).picture?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    // By url: the worker fetches the PNG, Baileys uploads its JPEG; an unreachable url is 422.
    t.peer.contacts.profile(phone).picture = undefined;
    const files = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(png, 'base64')),
    );
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/me.png`;
      const byUrl = await t.api.call('PUT', `/accounts/${accountId}/profile/picture`, { body: { url } });
      expect([byUrl.status, byUrl.json]).toEqual([200, { ok: true }]);
      expect(t.peer.contacts.profile(phone).picture?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    } finally {
      files.closeAllConnections();
      await new Promise((resolve) => files.close(resolve));
    }
    const gone = await t.api.call('PUT', `/accounts/${accountId}/profile/picture`, {
      body: { url: 'http://127.0.0.1:1/me.png' },
    });
    expect([gone.status, gone.json]).toEqual([
      422,
      { ok: false, error: 'url could not be fetched (ECONNREFUSED)' },
    ]);
  });

  it('PATCH profile name: 400 until the phone shared its app-state key, then a critical_block patch; pushName follows', async () => {
    const early = await t.api.call('PATCH', `/accounts/${accountId}/profile`, { body: { name: 'Acme' } });
    expect([early.status, early.json]).toEqual([
      400,
      { ok: false, error: 'WhatsApp refused: App state key not present!' },
    ]);
    appStateKey = await t.peer.shareAppStateKey(phone);
    const pushed = once(t.peer, 'app-state-patch') as Promise<[AppStatePatch]>;
    await waitFor(
      async () => {
        const r = await t.api.call('PATCH', `/accounts/${accountId}/profile`, { body: { name: 'Acme' } });
        return r.status === 200 ? r.json : undefined;
      },
      { what: 'name set after the key share', timeoutMs: 20_000 },
    );
    const [patch] = await pushed;
    expect([patch.phone, patch.collectionName]).toEqual([phone, 'critical_block']);
    expect((await t.get(`/accounts/${accountId}`)).body.account.pushName).toBe('Acme');
  });

  it('GET contact name: the phone saves the contact (app-state contactAction), the worker stores the synced name', async () => {
    if (!appStateKey) throw new Error('the previous test shares the app-state key');
    await t.peer.saveContact(phone, appStateKey, contactJid, 'Bob (plumber)');
    const named = await waitFor(
      async () => {
        const r = await t.get(`/accounts/${accountId}/contacts/${contact}`);
        return r.body.contact?.name ? r.body.contact : undefined;
      },
      { what: 'the saved name at GET contact', timeoutMs: 20_000 },
    );
    expect(named).toMatchObject({ jid: contactJid, name: 'Bob (plumber)', notify: expect.any(String) });
    expect(await t.store.contacts.get(accountId, contactJid)).toMatchObject({ name: 'Bob (plumber)' });
  });

  it('rejectCalls: the peer offers a call, the worker rejects it (the peer sees the reject) and call events fire', async () => {
    const on = await t.api.call('PATCH', `/accounts/${accountId}`, { body: { rejectCalls: true } });
    expect([on.status, on.json.account.rejectCalls]).toEqual([200, true]);
    const rejected = new Promise<CallReject>((resolve) => t.peer.once('call-reject', resolve));
    const callId = t.peer.offerCall(contact, phone);
    expect(await rejected).toMatchObject({ callId, to: contactJid });
    const events = await waitFor(
      async () => {
        const found = (await t.events('call', accountId)).filter((e) => e.data.callId === callId);
        return found.length >= 2 ? found : undefined;
      },
      { what: 'call events', timeoutMs: 15_000 },
    );
    expect(events.map((e) => e.data)).toEqual([
      { callId, from: contactJid, isVideo: false, status: 'offer' },
      { callId, from: contactJid, isVideo: false, status: 'reject' },
    ]);
  });
});
