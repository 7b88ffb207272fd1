import { waitFor } from '@wildcat/testkit';
import { ActionRefusedError } from '@wildcat/wa';
import { describe, expect, it } from 'vitest';
import { connectRecorded, pairRecorded, useSandbox } from './helpers.js';

const sandbox = useSandbox({ engine: true });

async function paired(accountId: string) {
  const connected = await pairRecorded(sandbox, accountId);
  const contacts = connected.session.contacts;
  if (!contacts) throw new Error('the sandbox session has contacts');
  return { ...connected, contacts };
}

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

describe('sandbox contacts, profile, blocking and calls', () => {
  it("the phone's address book: a saved name syncs to the open device, and the whole book at each login", async () => {
    const names: unknown[][] = [];
    const a = await paired('book-a');
    const { handlers } = a;
    handlers.onContacts = (contacts) => void names.push(contacts);
    await sandbox.engine.simulateSavedContact('book-a', '15550001111@s.whatsapp.net', 'Bob (plumber)');
    await waitFor(() => names.length > 0, { what: 'the synced name' });
    expect(names).toEqual([[{ jid: '15550001111@s.whatsapp.net', name: 'Bob (plumber)' }]]);
    // Saved while the device is away: the next login brings the whole book, then the change.
    await a.session.close();
    await sandbox.engine.simulateSavedContact('book-a', '15550002222@s.whatsapp.net', 'Carol');
    names.length = 0;
    const again = await connectRecorded(sandbox.engine, 'book-a', a.auth);
    again.handlers.onContacts = (contacts) => void names.push(contacts);
    await waitFor(() => names.length >= 2, { what: 'the book at login' });
    expect(names[0]).toEqual(
      expect.arrayContaining([
        { jid: '15550001111@s.whatsapp.net', name: 'Bob (plumber)' },
        { jid: '15550002222@s.whatsapp.net', name: 'Carol' },
      ]),
    );
    await again.session.close();
  });

  it('a number exists exactly when a sandbox account is linked to it, answers in order', async () => {
    const a = await paired('c-a');
    const b = await paired('c-b');
    const checks = await a.contacts.checkNumbers([b.jid, '19990000000@s.whatsapp.net', a.jid]);
    expect(checks).toEqual([
      { jid: b.jid, exists: true, resolvedJid: b.jid },
      { jid: '19990000000@s.whatsapp.net', exists: false },
      { jid: a.jid, exists: true, resolvedJid: a.jid },
    ]);
    // Logging out unlinks the number: it is no longer on (sandbox) WhatsApp.
    await b.session.logout();
    expect(await a.contacts.checkNumbers([b.jid])).toEqual([{ jid: b.jid, exists: false }]);
  });

  it('own name, about and picture → what another account reads; a bad picture is refused as bad input', async () => {
    const a = await paired('p-a');
    const b = await paired('p-b');
    expect(await b.contacts.fetchProfile(a.jid)).toEqual({ isBusiness: false });
    await a.contacts.updateProfile({ name: 'Alice Ltd', about: 'at work' });
    await a.contacts.updateProfilePicture(PNG);
    expect(await b.contacts.fetchProfile(a.jid)).toEqual({
      about: 'at work',
      pictureUrl: `data:image/png;base64,${PNG.toString('base64')}`,
      isBusiness: false,
    });
    // The new name travels with later messages and stays in the credentials.
    await a.session.send({ kind: 'text', messageId: 'PN1', to: b.jid, text: 'hi' });
    await waitFor(() => b.log.messages.find((m) => m.id === 'PN1'), { what: 'PN1' });
    expect(b.log.messages.find((m) => m.id === 'PN1')?.pushName).toBe('Alice Ltd');
    expect(a.auth.creds).toMatchObject({ me: { id: a.jid, name: 'Alice Ltd' } });
    const refused = a.contacts.updateProfilePicture(Buffer.from('not an image'));
    await expect(refused).rejects.toBeInstanceOf(ActionRefusedError);
    await expect(refused).rejects.toMatchObject({ badInput: true });
    // A number outside the sandbox has no profile to show.
    expect(await b.contacts.fetchProfile('19990000001@s.whatsapp.net')).toEqual({});
  });

  it('blocking: the blocked account’s messages and calls stop reaching the blocker until unblocked', async () => {
    const a = await paired('b-a');
    const b = await paired('b-b');
    await a.contacts.updateProfile({ about: 'visible' });
    await b.contacts.setBlocked(a.jid, true);
    await a.session.send({ kind: 'text', messageId: 'BLK1', to: b.jid, text: 'blocked' });
    await sandbox.engine.simulateCall('b-a', b.jid);
    // b's own messages still reach a; a's profile stays readable to b, b's is hidden from a.
    await b.session.send({ kind: 'text', messageId: 'BLK2', to: a.jid, text: 'from the blocker' });
    await waitFor(() => a.log.messages.find((m) => m.id === 'BLK2'), { what: 'BLK2 at a' });
    expect(await b.contacts.fetchProfile(a.jid)).toMatchObject({ about: 'visible' });
    await b.contacts.updateProfile({ about: 'secret' });
    expect(await a.contacts.fetchProfile(b.jid)).toEqual({ isBusiness: false });
    await b.contacts.setBlocked(a.jid, false);
    await a.session.send({ kind: 'text', messageId: 'BLK3', to: b.jid, text: 'unblocked' });
    await waitFor(() => b.log.messages.find((m) => m.id === 'BLK3'), { what: 'BLK3 at b' });
    expect(b.log.messages.map((m) => m.id)).toEqual(['BLK3']);
    expect(b.log.calls).toEqual([]);
    // No delivery receipt for the blocked message: it stays "sent" for its sender.
    expect(a.log.receipts.filter((r) => r.messageId === 'BLK1')).toEqual([]);
  });

  it('a call: the callee gets the offer, its reject reaches the caller; calls to non-sandbox numbers are bad input', async () => {
    const a = await paired('k-a');
    const b = await paired('k-b');
    const { callId } = await sandbox.engine.simulateCall('k-a', b.jid, { isVideo: true });
    await waitFor(() => b.log.calls[0], { what: 'offer at b' });
    expect(b.log.calls).toEqual([
      { callId, from: a.jid, isVideo: true, status: 'offer', timestamp: expect.any(Number) },
    ]);
    await b.contacts.rejectCall(callId, a.jid);
    await waitFor(() => a.log.calls[0], { what: 'reject at a' });
    expect(a.log.calls).toEqual([
      { callId, from: b.jid, isVideo: true, status: 'reject', timestamp: expect.any(Number) },
    ]);
    await expect(sandbox.engine.simulateCall('k-a', '19990000002@s.whatsapp.net')).rejects.toMatchObject({
      badInput: true,
      message: '19990000002@s.whatsapp.net is not a sandbox account',
    });
    await expect(b.contacts.rejectCall('NOPE', a.jid)).rejects.toBeInstanceOf(ActionRefusedError);
  });
});
