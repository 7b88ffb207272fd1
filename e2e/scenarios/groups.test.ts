import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndPairAll } from '../support/accounts.js';
import { type Api, expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { chatMessages } from '../support/messages.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

async function groupsOf(
  api: Api,
  id: string,
): Promise<
  { id: string; subject: string; locked: boolean; participants: { jid: string; admin: string | null }[] }[]
> {
  return expectStatus(await api.call('GET', `/accounts/${id}/groups`), 200, `groups of ${id}`).json.groups;
}

async function sendText(api: Api, from: string, to: string, message: string): Promise<string> {
  const sent = expectStatus(
    await api.call('POST', `/accounts/${from}/message/send`, { body: { to, message } }),
    200,
    `send from ${from}`,
  );
  return String(sent.json.messageId);
}

async function waitForText(api: Api, id: string, chatId: string, text: string) {
  return waitFor(async () => (await chatMessages(api, id, chatId)).find((message) => message.text === text), {
    what: `${id} receives "${text}" in ${chatId}`,
    timeoutMs: 30_000,
    intervalMs: 200,
  });
}

// A group of three sandbox accounts through alternating gateways and two session workers.
describe('groups on the sandbox stack', () => {
  const e2e = useE2eStack();
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
  });
  afterAll(() => sink?.close());

  it('creates, fans out, renames, removes, invites, joins and leaves', async () => {
    const { api } = e2e();
    expectStatus(await api.call('POST', '/webhooks', { body: { url: sink.url } }), 201, 'webhook');
    const [a, b, c] = await createAndPairAll(api, ['ga', 'gb', 'gc']);
    if (!a || !b || !c) throw new Error('pairing failed');
    const cPhone = `+${c.jid.split('@')[0]}`;
    // Group events in envelopes, per account (the global webhook is the flat one, messages only).
    for (const id of ['ga', 'gb', 'gc'])
      expectStatus(
        await api.call('POST', `/accounts/${id}/webhooks`, {
          body: { url: `${sink.url}?account=${id}`, events: ['group.participants', 'group.updated'] },
        }),
        201,
        `webhook of ${id}`,
      );

    // ── bad input says what to fix
    const empty = await api.call('POST', '/accounts/ga/groups', {
      body: { subject: '  ', participants: [b.jid] },
    });
    expect([empty.status, empty.json]).toEqual([400, { ok: false, error: 'subject must not be empty' }]);
    const none = await api.call('POST', '/accounts/ga/groups', { body: { subject: 'x', participants: [] } });
    expect([none.status, none.json.error]).toEqual([
      400,
      'participants must name at least one phone number or JID',
    ]);
    const notGroup = await api.call('GET', `/accounts/ga/groups/${b.jid}`);
    expect(notGroup.status).toBe(400);
    expect(notGroup.json).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^groupId must be a group JID/),
    });
    const badJoin = await api.call('POST', '/accounts/gb/groups/join', { body: { code: 'no such code!' } });
    expect([badJoin.status, badJoin.json.ok]).toEqual([400, false]);

    // ── create: the creator is superadmin, members may be given as phone numbers
    const created = expectStatus(
      await api.call('POST', '/accounts/ga/groups', {
        body: { subject: 'Team', participants: [b.jid, cPhone] },
      }),
      201,
      'create',
    ).json;
    const group = created.group;
    expect(group).toMatchObject({ subject: 'Team', owner: a.jid, announce: false, locked: false });
    expect(group.id).toMatch(/@g\.us$/);
    expect(new Map(group.participants.map((p: { jid: string; admin: unknown }) => [p.jid, p.admin]))).toEqual(
      new Map([
        [a.jid, 'superadmin'],
        [b.jid, null],
        [c.jid, null],
      ]),
    );
    // Every member's worker stored it from the group notification.
    for (const id of ['ga', 'gb', 'gc'])
      await waitFor(async () => (await groupsOf(api, id)).find((g) => g.id === group.id), {
        what: `${id} lists the group`,
        timeoutMs: 20_000,
        intervalMs: 200,
      });
    expect(
      expectStatus(await api.call('GET', `/accounts/gc/groups/${group.id}`), 200, 'get').json.group.subject,
    ).toBe('Team');

    // ── fan-out: a message to the group reaches every other member, in the group's chat
    await sendText(api, 'ga', group.id, 'hello team');
    for (const id of ['gb', 'gc']) {
      const got = await waitForText(api, id, group.id, 'hello team');
      expect(got).toMatchObject({ chatId: group.id, from: a.jid, participant: a.jid, fromMe: false });
    }
    await sendText(api, 'gb', group.id, 'hi from b');
    await waitForText(api, 'ga', group.id, 'hi from b');
    await waitForText(api, 'gc', group.id, 'hi from b');
    // The flat (original) webhook: from is the group, participant the member who wrote.
    const flat = await waitFor(
      async () =>
        sink.deliveries.find(
          (d) => d.eventType === 'message' && d.body.message === 'hi from b' && d.body.accountId === 'gc',
        ),
      { what: 'the flat webhook of the group message', timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(flat.body).toMatchObject({ from: group.id, chatId: group.id, participant: b.jid });

    // ── rename (any member while unlocked), lock (admins only), then members cannot rename
    expectStatus(
      await api.call('PATCH', `/accounts/gb/groups/${group.id}`, { body: { subject: 'Team 2' } }),
      200,
      'rename',
    );
    const lockByMember = await api.call('PATCH', `/accounts/gb/groups/${group.id}`, {
      body: { locked: true },
    });
    expect([lockByMember.status, lockByMember.json.ok]).toEqual([403, false]);
    expect(lockByMember.json.error).toMatch(/Only group admins can change group settings/);
    const locked = expectStatus(
      await api.call('PATCH', `/accounts/ga/groups/${group.id}`, { body: { locked: true } }),
      200,
      'lock',
    ).json;
    expect(locked.group).toMatchObject({ subject: 'Team 2', locked: true });
    const renameLocked = await api.call('PATCH', `/accounts/gb/groups/${group.id}`, {
      body: { subject: 'mine' },
    });
    expect([renameLocked.status, renameLocked.json.error]).toEqual([
      403,
      'Only group admins can edit this group (it is locked); ask an admin of the group',
    ]);
    await waitFor(async () => (await groupsOf(api, 'gc')).find((g) => g.subject === 'Team 2' && g.locked), {
      what: 'gc sees the rename and lock',
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    const nothing = await api.call('PATCH', `/accounts/ga/groups/${group.id}`, { body: {} });
    expect([nothing.status, nothing.json.error]).toEqual([
      400,
      'Give at least one of subject, description, announce, locked',
    ]);

    // ── a non-admin cannot remove; the admin can, with a status per member
    const byMember = await api.call('POST', `/accounts/gb/groups/${group.id}/participants`, {
      body: { action: 'remove', participants: [c.jid] },
    });
    expect([byMember.status, byMember.json.ok]).toEqual([403, false]);
    expect(byMember.json.error).toMatch(/Only group admins can add, remove, promote or demote participants/);
    const removed = expectStatus(
      await api.call('POST', `/accounts/ga/groups/${group.id}/participants`, {
        body: { action: 'remove', participants: [c.jid] },
      }),
      200,
      'remove',
    ).json;
    expect(removed).toEqual({ ok: true, results: [{ jid: c.jid, status: 200 }] });
    const again = expectStatus(
      await api.call('POST', `/accounts/ga/groups/${group.id}/participants`, {
        body: { action: 'remove', participants: [c.jid] },
      }),
      200,
      'remove again',
    ).json;
    expect(again.results).toEqual([{ jid: c.jid, status: 404 }]);
    const addB = expectStatus(
      await api.call('POST', `/accounts/ga/groups/${group.id}/participants`, {
        body: { action: 'add', participants: [b.jid] },
      }),
      200,
      'add a member already in',
    ).json;
    expect(addB.results).toEqual([{ jid: b.jid, status: 409 }]);
    await waitFor(
      async () => ((await groupsOf(api, 'gc')).some((g) => g.id === group.id) ? undefined : true),
      { what: 'gc no longer lists the group', timeoutMs: 20_000, intervalMs: 200 },
    );
    // The removed member receives nothing more.
    const cBefore = (await chatMessages(api, 'gc', group.id)).length;
    await sendText(api, 'ga', group.id, 'after c left');
    await waitForText(api, 'gb', group.id, 'after c left');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await chatMessages(api, 'gc', group.id)).length).toBe(cBefore);
    const cSend = await api.call('POST', '/accounts/gc/message/send', {
      body: { to: group.id, message: 'let me in' },
    });
    // Refused with the reason, not as a failure of WhatsApp's.
    expect([cSend.status, cSend.json]).toEqual([
      403,
      {
        ok: false,
        error: `This account is not a member of group ${group.id}; join it (or be added) before sending`,
      },
    ]);

    // ── invite: admins only; c joins by the link, a revoked code joins nobody
    const memberInvite = await api.call('GET', `/accounts/gb/groups/${group.id}/invite`);
    expect([memberInvite.status, memberInvite.json.ok]).toEqual([403, false]);
    const invite = expectStatus(
      await api.call('GET', `/accounts/ga/groups/${group.id}/invite`),
      200,
      'invite',
    ).json;
    expect(invite.url).toBe(`https://chat.whatsapp.com/${invite.code}`);
    const joined = expectStatus(
      await api.call('POST', '/accounts/gc/groups/join', { body: { code: invite.url } }),
      200,
      'join',
    ).json;
    expect(joined).toEqual({ ok: true, groupId: group.id });
    await waitFor(async () => (await groupsOf(api, 'gc')).find((g) => g.id === group.id), {
      what: 'gc lists the group again',
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    await waitFor(
      async () =>
        (await groupsOf(api, 'ga')).find(
          (g) => g.id === group.id && g.participants.some((p) => p.jid === c.jid),
        ),
      { what: 'ga sees c back', timeoutMs: 20_000, intervalMs: 200 },
    );
    await sendText(api, 'gb', group.id, 'welcome back');
    await waitForText(api, 'gc', group.id, 'welcome back');
    const revoked = expectStatus(
      await api.call('POST', `/accounts/ga/groups/${group.id}/invite/revoke`),
      200,
      'revoke',
    ).json;
    expect(revoked.code).not.toBe(invite.code);
    const stale = await api.call('POST', '/accounts/gc/groups/join', { body: { code: invite.code } });
    expect([stale.status, stale.json.error]).toEqual([
      404,
      'Invite code not found (it may have been revoked); ask for a new link',
    ]);

    // ── announce: only admins send; promote b, then b can
    expectStatus(
      await api.call('PATCH', `/accounts/ga/groups/${group.id}`, { body: { announce: true } }),
      200,
      'announce',
    );
    const muted = await api.call('POST', '/accounts/gb/message/send', {
      body: { to: group.id, message: 'muted' },
    });
    expect([muted.status, muted.json.ok]).toEqual([403, false]);
    expect(muted.json.error).toMatch(/^Only admins can send to group .+ \(announce is on\); ask an admin/);
    const promoted = expectStatus(
      await api.call('POST', `/accounts/ga/groups/${group.id}/participants`, {
        body: { action: 'promote', participants: [b.jid] },
      }),
      200,
      'promote',
    ).json;
    expect(promoted.results).toEqual([{ jid: b.jid, status: 200 }]);
    await sendText(api, 'gb', group.id, 'admin b speaks');
    await waitForText(api, 'gc', group.id, 'admin b speaks');

    // ── leave
    expectStatus(await api.call('POST', `/accounts/gc/groups/${group.id}/leave`), 200, 'leave');
    expect((await groupsOf(api, 'gc')).some((g) => g.id === group.id)).toBe(false);
    await waitFor(
      async () =>
        (await groupsOf(api, 'ga')).find(
          (g) => g.id === group.id && !g.participants.some((p) => p.jid === c.jid),
        ),
      { what: 'ga sees c leave', timeoutMs: 20_000, intervalMs: 200 },
    );
    const leaveAgain = await api.call('POST', `/accounts/gc/groups/${group.id}/leave`);
    expect([leaveAgain.status, leaveAgain.json.ok]).toEqual([403, false]);

    // ── events: every member's account published what changed
    const events = await waitFor(
      async () => {
        const found = sink.deliveries.filter((d) => d.eventType.startsWith('group.'));
        const leave = found.find(
          (d) =>
            d.eventType === 'group.participants' &&
            d.body.accountId === 'ga' &&
            d.body.data.action === 'remove' &&
            d.body.data.by === c.jid,
        );
        return leave ? found : undefined;
      },
      { what: 'group events at the webhook', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(
      events.find(
        (d) =>
          d.eventType === 'group.updated' &&
          d.body.accountId === 'gc' &&
          d.body.data.changes.subject === 'Team 2',
      )?.body.data,
    ).toMatchObject({ groupId: group.id, by: b.jid });
    expect(
      events.find(
        (d) =>
          d.eventType === 'group.participants' &&
          d.body.accountId === 'gb' &&
          d.body.data.action === 'remove',
      )?.body.data,
    ).toEqual({
      groupId: group.id,
      action: 'remove',
      participants: [c.jid],
      by: a.jid,
    });
  });
});
