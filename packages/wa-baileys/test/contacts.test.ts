import { once } from 'node:events';
import { decodePatches, newLTHashState, proto } from '@whiskeysockets/baileys';
import { waitFor } from '@wildcat/testkit';
import { ActionRefusedError, type ContactsSession } from '@wildcat/wa';
import type { AppStatePatch, CallReject } from '@wildcat/wa-test-peer';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestSession, useFixture } from './fixture.js';

const phone = '15550300001';
const contact = '15557770301';
const contactJid = `${contact}@s.whatsapp.net`;
const stranger = '15557770399';
// A 1×1 PNG: Baileys turns it into a 640×640 JPEG before the upload.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

describe('Baileys adapter: contacts, profile and calls with the local peer', () => {
  const fx = useFixture();
  let me: TestSession;
  let contacts: ContactsSession;

  beforeAll(async () => {
    me = await fx.pair('acc-contacts', phone);
    if (!me.session.contacts) throw new Error('a Baileys session has contacts');
    contacts = me.session.contacts;
  });

  it('usync contact query: one number on WhatsApp, one not, answers in the order asked', async () => {
    fx.peer.contacts.markNotOnWhatsApp(stranger);
    const checks = await contacts.checkNumbers([`${stranger}@s.whatsapp.net`, contactJid]);
    expect(checks).toEqual([
      { jid: `${stranger}@s.whatsapp.net`, exists: false },
      { jid: contactJid, exists: true, resolvedJid: contactJid },
    ]);
  });

  it('about (usync status), picture (w:profile:picture) and business flag (w:biz) of a contact; no picture is no URL, not an error', async () => {
    const profile = fx.peer.contacts.profile(contact);
    profile.about = 'Hey there! I am using WhatsApp.';
    profile.pictureUrl = 'https://pps.example.test/v/t61/contact.jpg';
    expect(await contacts.fetchProfile(contactJid)).toEqual({
      about: 'Hey there! I am using WhatsApp.',
      pictureUrl: 'https://pps.example.test/v/t61/contact.jpg',
      isBusiness: false,
    });
    expect(await contacts.fetchProfile('15557770302@s.whatsapp.net')).toEqual({ isBusiness: false });
    // w:biz: a business number answers with its business profile.
    fx.peer.contacts.profile('15557770303').business = { description: 'Bakery' };
    expect(await contacts.fetchProfile('15557770303@s.whatsapp.net')).toEqual({ isBusiness: true });
  });

  it('block / unblock: the peer’s block list holds the contact’s LID with its phone JID, then not', async () => {
    const lid = `${fx.peer.account(contact)?.lid ?? ''}`;
    await contacts.setBlocked(contactJid, true);
    const list = fx.peer.contacts.blocklist(phone);
    expect([...list.entries()]).toEqual([[expect.stringMatching(/@lid$/), contactJid]]);
    if (lid) expect([...list.keys()][0]).toBe(`${lid}@lid`);
    await contacts.setBlocked(contactJid, false);
    expect(list.size).toBe(0);
  });

  it('own about (status iq) and picture (a JPEG made from our PNG) reach the server', async () => {
    await contacts.updateProfile({ about: 'Replies within the hour' });
    expect(fx.peer.contacts.profile(phone).about).toBe('Replies within the hour');
    await contacts.updateProfilePicture(PNG);
    const uploaded = fx.peer.contacts.profile(phone).picture;
    expect(uploaded?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    await expect(contacts.updateProfilePicture(Buffer.from('not an image'))).rejects.toBeInstanceOf(
      ActionRefusedError,
    );
  });

  it('own name: a critical_block app-state patch (pushNameSetting) the peer decrypts with the key its phone shared', async () => {
    // Without the phone's key Baileys cannot encode the patch: WhatsApp's answer is bad input.
    await expect(contacts.updateProfile({ name: 'Too early' })).rejects.toMatchObject({ badInput: true });
    const key = await fx.peer.shareAppStateKey(phone);
    const pushed = once(fx.peer, 'app-state-patch') as Promise<[AppStatePatch]>;
    // The key share is a message from the account's own phone: set the name once it is in.
    await waitFor(
      () =>
        contacts.updateProfile({ name: 'Acme Support' }).then(
          () => true,
          () => undefined,
        ),
      {
        what: 'name set after the key share',
      },
    );
    const [patch] = await pushed;
    expect([patch.phone, patch.collectionName]).toEqual([phone, 'critical_block']);
    const { mutationMap } = await decodePatches(
      'critical_block',
      // The pushed patch carries no version (the server assigns it): the first one, from state 0.
      [{ ...proto.SyncdPatch.decode(patch.patch), version: { version: 1 } }],
      newLTHashState(),
      async () => ({ keyData: key.keyData }),
      {},
    );
    const names = Object.values(mutationMap).map((m) => m.syncAction.value?.pushNameSetting?.name);
    expect(names).toEqual(['Acme Support']);
  });

  it("the phone's address book: a contactAction the phone syncs (app-state, server_sync) → onContacts with the saved name", async () => {
    const key = await fx.peer.shareAppStateKey(phone);
    await fx.peer.saveContact(phone, key, contactJid, 'Bob (plumber)');
    const saved = await me.until(
      (e) => e.contacts.find((c) => c.jid === contactJid),
      'the saved name through app-state sync',
    );
    expect(saved).toEqual({ jid: contactJid, name: 'Bob (plumber)' });
    // A later rename is the next patch on the same collection (the hash chain Baileys verifies).
    await fx.peer.saveContact(phone, key, contactJid, 'Bob Smith');
    await me.until((e) => e.contacts.find((c) => c.name === 'Bob Smith'), 'the rename');
    expect(me.events.contacts.filter((c) => c.jid === contactJid).map((c) => c.name)).toEqual([
      'Bob (plumber)',
      'Bob Smith',
    ]);
  });

  it('a call offer → onCall (offer, video); rejecting it sends the reject stanza the peer sees', async () => {
    const rejected = new Promise<CallReject>((resolve) => fx.peer.once('call-reject', resolve));
    const callId = fx.peer.offerCall(contact, phone, { isVideo: true });
    const offer = await me.until((e) => e.calls.find((c) => c.callId === callId), 'call offer');
    expect(offer).toEqual({
      callId,
      from: contactJid,
      isVideo: true,
      status: 'offer',
      timestamp: expect.any(Number),
    });
    await contacts.rejectCall(offer.callId, offer.from);
    expect(await rejected).toEqual({
      callId,
      by: expect.stringMatching(new RegExp(`^${phone}:\\d+@s\\.whatsapp\\.net$`)),
      to: contactJid,
    });
  });
});
