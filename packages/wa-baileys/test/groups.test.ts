import { GroupRefusedError, type WaGroups } from '@wildcat/wa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture, type TestSession } from './fixture.js';

const phone = '15550300001';
const me = `${phone}@s.whatsapp.net`;
const bob = '15557770301';
const carol = '15557770302';
const bobJid = `${bob}@s.whatsapp.net`;
const carolJid = `${carol}@s.whatsapp.net`;

describe('Baileys adapter: groups against the local peer (w:g2 IQs and w:gp2 notifications)', () => {
  let fx: Fixture;
  let account: TestSession;
  let groups: WaGroups;

  beforeAll(async () => {
    fx = await startFixture();
    account = await fx.pair('acc-groups', phone);
    if (!account.session.groups) throw new Error('the Baileys session has no groups');
    groups = account.session.groups;
    // Simulated contacts exist once someone messaged them (the peer creates them on first use).
    await fx.peer.sendText(bob, phone, 'hi from bob');
    await fx.peer.sendText(carol, phone, 'hi from carol');
  });
  afterAll(async () => {
    await fx?.close();
    expect(fx.warnings).toEqual([]);
  });

  it('creates a group (create IQ): the peer holds it, and metadata and participating read it back', async () => {
    const created = await groups.create('Peer team', [bobJid, carolJid]);
    expect(created).toMatchObject({ subject: 'Peer team', owner: me, announce: false, locked: false });
    expect(created.id).toMatch(/^\d+@g\.us$/);
    expect(new Map(created.participants.map((p) => [p.jid, p.admin]))).toEqual(
      new Map([
        [me, 'superadmin'],
        [bobJid, null],
        [carolJid, null],
      ]),
    );
    expect([...(fx.peer.groups.get(created.id)?.members.keys() ?? [])].sort()).toEqual(
      [bob, carol, phone].sort(),
    );
    expect(await groups.metadata(created.id)).toEqual(created);
    expect((await groups.participating()).map((g) => g.id)).toContain(created.id);
  });

  it('renames, sets announce/locked and changes members; notifications arrive as port events', async () => {
    const { id } = await groups.create('Second', [bobJid, carolJid]);
    await groups.update(id, { subject: 'Renamed', announce: true, locked: true, description: 'about us' });
    expect(fx.peer.groups.get(id)).toMatchObject({
      subject: 'Renamed',
      announce: true,
      locked: true,
      description: 'about us',
    });
    await account.until(
      (e) =>
        e.groups.find((g) => g.type === 'updated' && g.groupId === id && g.changes.subject === 'Renamed'),
      'the subject notification',
    );
    await account.until(
      (e) => e.groups.find((g) => g.type === 'updated' && g.groupId === id && g.changes.locked === true),
      'the locked notification',
    );
    // WhatsApp's per-participant status: 409 already in, 200 done, 404 not in the group.
    expect(await groups.participants(id, 'add', [bobJid])).toEqual([{ jid: bobJid, status: 409 }]);
    expect(await groups.participants(id, 'remove', [carolJid])).toEqual([{ jid: carolJid, status: 200 }]);
    expect(await groups.participants(id, 'remove', [carolJid])).toEqual([{ jid: carolJid, status: 404 }]);
    expect(await groups.participants(id, 'promote', [bobJid])).toEqual([{ jid: bobJid, status: 200 }]);
    const removed = await account.until(
      (e) => e.groups.find((g) => g.type === 'participants' && g.groupId === id && g.action === 'remove'),
      'the remove notification',
    );
    expect(removed).toMatchObject({ participants: [carolJid], by: me });
    expect(fx.peer.groups.get(id)?.members.get(bob)).toBe('admin');
  });

  it('invite code, revoke, a simulated member renaming, and refusals for a plain member', async () => {
    const { id } = await groups.create('Invites', [bobJid]);
    const code = await groups.inviteCode(id);
    expect(code).toBe(fx.peer.groups.get(id)?.invite);
    const fresh = await groups.revokeInvite(id);
    expect(fresh).not.toBe(code);
    expect(fresh).toBe(fx.peer.groups.get(id)?.invite);

    fx.peer.groups.rename(bob, id, 'Bob was here');
    const renamed = await account.until(
      (e) =>
        e.groups.find(
          (g) => g.type === 'updated' && g.groupId === id && g.changes.subject === 'Bob was here',
        ),
      'a rename by a simulated member',
    );
    expect(renamed).toMatchObject({ by: bobJid });

    // A group bob made, with us as a plain member: created notification → snapshot event.
    const bobs = fx.peer.groups.create(bob, "Bob's", [phone, carol]);
    const snapshot = await account.until(
      (e) => e.groups.find((g) => g.type === 'metadata' && g.metadata.id === bobs),
      'the create notification as a snapshot',
    );
    expect(snapshot).toMatchObject({ metadata: { subject: "Bob's", owner: bobJid } });
    await expect(groups.participants(bobs, 'remove', [carolJid])).rejects.toMatchObject({
      name: 'GroupRefusedError',
      httpStatus: 403,
    });
    await expect(groups.inviteCode(bobs)).rejects.toBeInstanceOf(GroupRefusedError);
    await groups.leave(bobs);
    expect(fx.peer.groups.get(bobs)?.members.has(phone)).toBe(false);
    await expect(groups.metadata(bobs)).rejects.toMatchObject({ httpStatus: 403 });
  });

  it('joins by invite code (accept IQ); a wrong code is a 404', async () => {
    const theirs = fx.peer.groups.create(carol, 'Open door', [bob]);
    const code = fx.peer.groups.get(theirs)!.invite;
    expect(await groups.join(code)).toBe(theirs);
    expect(fx.peer.groups.get(theirs)?.members.get(phone)).toBeNull();
    await expect(groups.join('NoSuchCode123')).rejects.toMatchObject({ httpStatus: 404 });
  });
});
