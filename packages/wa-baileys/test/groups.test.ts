import { type BinaryNode, getBinaryNodeChild, type proto } from '@whiskeysockets/baileys';
import { waitFor } from '@wildcat/testkit';
import { GroupRefusedError, SendForbiddenError, type WaGroups } from '@wildcat/wa';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestSession, useFixture } from './fixture.js';

const phone = '15550300001';
const me = `${phone}@s.whatsapp.net`;
const bob = '15557770301';
const carol = '15557770302';
const bobJid = `${bob}@s.whatsapp.net`;
const carolJid = `${carol}@s.whatsapp.net`;
const textOf = (m: proto.IMessage) => m.conversation ?? m.extendedTextMessage?.text;

describe('Baileys adapter: groups against the local peer (w:g2 IQs and w:gp2 notifications)', () => {
  const fx = useFixture();
  let account: TestSession;
  let groups: WaGroups;
  const iqs: BinaryNode[] = [];
  const metadataQueries = () =>
    iqs.filter((iq) => iq.attrs.xmlns === 'w:g2' && getBinaryNodeChild(iq, 'query')).length;

  beforeAll(async () => {
    fx.peer.on('iq', ({ iq }: { iq: BinaryNode }) => iqs.push(iq));
    account = await fx.pair('acc-groups', phone);
    if (!account.session.groups) throw new Error('the Baileys session has no groups');
    groups = account.session.groups;
    // Simulated contacts exist once someone messaged them (the peer creates them on first use).
    await fx.peer.sendText(bob, phone, 'hi from bob');
    await fx.peer.sendText(carol, phone, 'hi from carol');
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

  it('announce and locked as WhatsApp enforces them: a plain member is refused before sending, the server refuses the stanza otherwise', async () => {
    const refused: { id: string; reason: string }[] = [];
    const delivered: string[] = [];
    fx.peer.on('refused', (event: { id: string; reason: string }) => refused.push(event));
    fx.peer.on('message', (message: { id: string }) => delivered.push(message.id));
    const theirs = fx.peer.groups.create(bob, 'Announcements', [phone, carol]);
    const created = await account.until(
      (e) => e.groups.find((g) => g.type === 'metadata' && g.metadata.id === theirs),
      'the create notification',
    );
    if (created.type !== 'metadata') throw new Error('expected a snapshot');
    fx.peer.groups.settings(bob, theirs, { announce: true, locked: true });
    await account.until(
      (e) => e.groups.find((g) => g.type === 'updated' && g.groupId === theirs && g.changes.announce),
      'the announce notification',
    );
    // What the worker's stored copy holds after that notification: our account a plain member.
    fx.groupCache.set(theirs, { ...created.metadata, announce: true, locked: true });
    const send = (messageId: string) =>
      account.session.send({ kind: 'text', messageId, to: theirs, text: `try ${messageId}` });
    const early = send('ANNOUNCE0001');
    await expect(early).rejects.toBeInstanceOf(SendForbiddenError);
    await expect(early).rejects.toThrow(
      `Only admins can send to group ${theirs} (announce is on); ask an admin to promote this account or turn announce off`,
    );

    // Without a stored copy Baileys fetches the metadata and relays; the server answers with an
    // error ack and no member receives a thing.
    fx.groupCache.delete(theirs);
    await send('ANNOUNCE0002');
    await waitFor(() => refused.find((r) => r.id === 'ANNOUNCE0002'), { what: 'the refusal' });
    expect(refused.find((r) => r.id === 'ANNOUNCE0002')?.reason).toBe('announce: only admins send');
    // The same holds for simulated members, and a locked group takes no rename from them or us.
    await expect(fx.peer.groups.sendText(carol, theirs, 'me too')).rejects.toThrow(/only admins send/);
    expect(() => fx.peer.groups.rename(carol, theirs, 'mine')).toThrow(/locked/);
    await expect(groups.update(theirs, { subject: 'mine' })).rejects.toMatchObject({ httpStatus: 403 });
    expect(fx.peer.groups.get(theirs)?.subject).toBe('Announcements');

    expect(delivered.filter((id) => id.startsWith('ANNOUNCE'))).toEqual([]);
    expect(refused.map((r) => r.id)).toEqual(['ANNOUNCE0002']);
  });

  it('joins by invite code (accept IQ); a wrong code is a 404', async () => {
    const theirs = fx.peer.groups.create(carol, 'Open door', [bob]);
    const code = fx.peer.groups.get(theirs)!.invite;
    expect(await groups.join(code)).toBe(theirs);
    expect(fx.peer.groups.get(theirs)?.members.get(phone)).toBeNull();
    await expect(groups.join('NoSuchCode123')).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('a group text our account sends: every simulated member decrypts it (sender key + skmsg); with stored metadata no metadata query goes out', async () => {
    const chat = await groups.create('Chat', [bobJid, carolJid]);
    const before = metadataQueries();
    await account.session.send({ kind: 'text', messageId: 'GRPTXT0001', to: chat.id, text: 'hello group' });
    for (const member of [bob, carol]) {
      const got = await fx.peer.nextMessage((m) => m.id === 'GRPTXT0001' && m.to === member);
      expect([got.group, textOf(got.message)]).toEqual([chat.id, 'hello group']);
    }
    // Nothing stored for it yet: Baileys asked WhatsApp for the member list.
    expect(metadataQueries()).toBe(before + 1);
    fx.groupCache.set(chat.id, chat);
    await account.session.send({ kind: 'text', messageId: 'GRPTXT0002', to: chat.id, text: 'second' });
    for (const member of [bob, carol]) {
      const got = await fx.peer.nextMessage((m) => m.id === 'GRPTXT0002' && m.to === member);
      expect(textOf(got.message)).toBe('second');
    }
    expect(metadataQueries()).toBe(before + 1);

    // A simulated member writes to the group: our account decrypts its sender key and the skmsg.
    const id = await fx.peer.groups.sendText(bob, chat.id, 'hi all, bob here');
    const inbound = await account.until(
      (e) => e.messages.find((m) => m.id === id),
      'the group text from bob',
    );
    expect(inbound).toMatchObject({
      chatId: chat.id,
      from: bobJid,
      fromMe: false,
      type: 'text',
      text: 'hi all, bob here',
    });
  });
});
