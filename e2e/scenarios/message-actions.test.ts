import { waitFor } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { createAndPair } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { chatMessages } from '../support/messages.js';

// Chat actions between two sandbox accounts through the running stack (gateway, two session
// workers, webhook worker): read receipts reach the sender, presence reaches the worker.
describe('message actions between two sandbox accounts', () => {
  const e2e = useE2eStack({}, { gateways: 1, sessionWorkers: 2, webhookWorkers: 1 });

  it('read receipts, presence, and their bad input', async () => {
    const { api } = e2e();
    const alice = await createAndPair(api, 'alice');
    const bob = await createAndPair(api, 'bob');

    // ── read: bob reads alice's two messages; alice sees both `read`
    const sent: string[] = [];
    for (const text of ['one', 'two']) {
      const send = await api.call('POST', '/accounts/alice/message/send', {
        body: { to: bob.jid, message: text },
      });
      sent.push(String(expectStatus(send, 200, `send ${text}`).json.messageId));
    }
    await waitFor(
      async () => {
        const received = await chatMessages(api, 'bob', alice.jid);
        return sent.every((id) => received.some((m) => m.messageId === id)) || undefined;
      },
      { what: 'bob received both', timeoutMs: 30_000 },
    );
    const chats = expectStatus(await api.call('GET', '/accounts/bob/chats'), 200, 'chats').json.chats;
    expect(chats.find((c: { chatId: string }) => c.chatId === alice.jid)?.unreadCount).toBe(2);

    const read = await api.call('POST', `/accounts/bob/chats/${alice.jid}/read`);
    expect([read.status, read.json]).toEqual([200, { ok: true, read: 2 }]);
    const after = expectStatus(await api.call('GET', '/accounts/bob/chats'), 200, 'chats').json.chats;
    expect(after.find((c: { chatId: string }) => c.chatId === alice.jid)?.unreadCount).toBe(0);
    await waitFor(
      async () => {
        const own = await chatMessages(api, 'alice', bob.jid);
        return sent.every((id) => own.find((m) => m.messageId === id)?.status === 'read') || undefined;
      },
      { what: "alice's messages read", timeoutMs: 30_000 },
    );
    // Bob's copies are read too, so reading again sends nothing (and asks no worker).
    const again = await api.call('POST', `/accounts/bob/chats/${alice.jid}/read`);
    expect([again.status, again.json]).toEqual([200, { ok: true, read: 0 }]);
    // Listed ids: only messages bob received in this chat.
    const listed = await api.call('POST', `/accounts/bob/chats/${alice.jid}/read`, {
      body: { messageIds: [sent[0]] },
    });
    expect([listed.status, listed.json]).toEqual([200, { ok: true, read: 1 }]);
    const unknown = await api.call('POST', `/accounts/bob/chats/${alice.jid}/read`, {
      body: { messageIds: ['NOSUCHID1'] },
    });
    expect([unknown.status, unknown.json]).toEqual([
      404,
      { ok: false, error: 'No received message in this chat with id NOSUCHID1' },
    ]);
    const own = await api.call('POST', `/accounts/alice/chats/${bob.jid}/read`, {
      body: { messageIds: [sent[0]] },
    });
    expect(own.status).toBe(404);

    // ── presence
    const typing = await api.call('POST', '/accounts/bob/presence', {
      body: { state: 'composing', chatId: alice.jid },
    });
    expect([typing.status, typing.json]).toEqual([200, { ok: true, state: 'composing' }]);
    const online = await api.call('POST', '/accounts/bob/presence', { body: { state: 'available' } });
    expect([online.status, online.json]).toEqual([200, { ok: true, state: 'available' }]);
    const queued = await api.call('POST', '/accounts/bob/presence?wait=false', {
      body: { state: 'paused', chatId: alice.jid },
    });
    expect([queued.status, queued.json]).toEqual([202, { ok: true, status: 'queued' }]);
    const noChat = await api.call('POST', '/accounts/bob/presence', { body: { state: 'recording' } });
    expect([noChat.status, noChat.json]).toEqual([
      400,
      { ok: false, error: 'chatId is required for composing, recording, paused' },
    ]);
    const badState = await api.call('POST', '/accounts/bob/presence', { body: { state: 'typing' } });
    expect(badState.status).toBe(400);
    expect(badState.json.error).toContain('one of available, unavailable, composing, recording, paused');
    expect(
      (await api.call('POST', '/accounts/nobody/presence', { body: { state: 'available' } })).status,
    ).toBe(404);
    // Not connected: answered at once, never held or retried into a late "typing…".
    expectStatus(await api.call('POST', '/accounts/bob/disconnect'), 200, 'disconnect');
    const away = await api.call('POST', '/accounts/bob/presence', {
      body: { state: 'composing', chatId: alice.jid },
    });
    expect([away.status, away.json]).toEqual([409, { ok: false, error: 'Account not connected' }]);
  });
});
