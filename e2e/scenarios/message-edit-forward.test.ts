import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndPair } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { mediaFixtures, sendMedia } from '../support/media.js';
import { chatMessages, type StoredMessage } from '../support/messages.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

// Edit and forward between two sandbox accounts through the running stack (gateway, two session
// workers, webhook worker): the recipient's copy changes in place, a forward carries its media.
describe('edit and forward between two sandbox accounts', () => {
  const e2e = useE2eStack({}, { gateways: 1, sessionWorkers: 2, webhookWorkers: 1 });
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
  });
  afterAll(() => sink?.close());

  it('edits a text and a caption, forwards text and media, refuses what cannot be done', async () => {
    const { api } = e2e();
    const alice = await createAndPair(api, 'alice');
    const bob = await createAndPair(api, 'bob');
    expectStatus(
      await api.call('POST', '/accounts/bob/webhooks', {
        body: { url: sink.url, events: ['message.edited'] },
      }),
      201,
      'webhook of bob',
    );
    const received = (account: string, chat: string, id: string, accept: (m: StoredMessage) => boolean) =>
      waitFor(
        async () => {
          const message = (await chatMessages(api, account, chat)).find((m) => m.messageId === id);
          return message && accept(message) ? message : undefined;
        },
        { what: `${account} sees ${id}`, timeoutMs: 30_000 },
      );

    // ── edit a text: bob's copy keeps its id, gets the new text and editedAt
    const sent = await api.call('POST', '/accounts/alice/message/send', {
      body: { to: bob.jid, message: 'tpyo' },
    });
    const textId = String(expectStatus(sent, 200, 'send').json.messageId);
    await received('bob', alice.jid, textId, () => true);
    const edit = await api.call('POST', '/accounts/alice/message/edit', {
      body: { messageId: textId, text: 'typo fixed' },
    });
    expect(edit.status).toBe(200);
    expect(edit.json).toEqual({
      ok: true,
      message: 'Message edited',
      messageId: expect.any(String),
      editedMessageId: textId,
    });
    const edited = await received('bob', alice.jid, textId, (m) => m.text === 'typo fixed');
    expect(edited.editedAt).toEqual(expect.any(Number));
    const own = (await chatMessages(api, 'alice', bob.jid)).find((m) => m.messageId === textId);
    expect(own).toMatchObject({ text: 'typo fixed', editedAt: expect.any(Number) });

    // ── edit a caption
    const [image] = mediaFixtures();
    if (!image) throw new Error('no image fixture');
    const imageSend = expectStatus(await sendMedia(api, 'alice', bob.jid, image), 200, 'image').json;
    const imageId = String(imageSend.messageId);
    await received('bob', alice.jid, imageId, () => true);
    expectStatus(
      await api.call('POST', '/accounts/alice/message/edit', {
        body: { messageId: imageId, text: 'a better cat' },
      }),
      200,
      'caption edit',
    );
    await received(
      'alice',
      bob.jid,
      imageId,
      (m) => m.caption === 'a better cat' && m.editedAt !== undefined,
    );
    // The recipient's copy: same id, the new caption, editedAt, and a message.edited event.
    const captioned = await received('bob', alice.jid, imageId, (m) => m.caption === 'a better cat');
    expect(captioned).toMatchObject({ type: 'image', hasMedia: true, editedAt: expect.any(Number) });
    const editEvent = await waitFor(
      () =>
        sink.deliveries.find(
          (d) =>
            d.eventType === 'message.edited' &&
            d.body.accountId === 'bob' &&
            d.body.data.messageId === imageId,
        )?.body.data,
      { what: "message.edited at bob's webhook", timeoutMs: 30_000 },
    );
    expect(editEvent).toEqual({
      messageId: imageId,
      chatId: alice.jid,
      from: alice.jid,
      fromMe: false,
      text: 'a better cat',
      previousText: image.caption,
      editedAt: captioned.editedAt,
      timestamp: captioned.editedAt,
    });

    // ── forward: alice forwards her (edited) image again; the bytes arrive unchanged, marked forwarded
    const forward = await api.call('POST', '/accounts/alice/message/forward', {
      body: { messageId: imageId, to: bob.jid },
    });
    const forwardId = String(expectStatus(forward, 200, 'forward').json.messageId);
    const copy = await received('bob', alice.jid, forwardId, () => true);
    expect(copy).toMatchObject({ type: 'image', forwarded: true, hasMedia: true, caption: 'a better cat' });
    const bytes = await api.download(`/accounts/bob/messages/${forwardId}/media`);
    expect(bytes.status).toBe(200);
    expect(bytes.bytes.equals(image.bytes)).toBe(true);
    const alicesCopy = (await chatMessages(api, 'alice', bob.jid)).find((m) => m.messageId === forwardId);
    expect(alicesCopy).toMatchObject({ type: 'image', forwarded: true, fromMe: true, hasMedia: true });
    // a text forward
    const textForward = await api.call('POST', '/accounts/bob/message/forward', {
      body: { messageId: textId, to: alice.jid },
    });
    const textForwardId = String(expectStatus(textForward, 200, 'text forward').json.messageId);
    expect(await received('alice', bob.jid, textForwardId, () => true)).toMatchObject({
      type: 'text',
      text: 'typo fixed',
      forwarded: true,
    });

    // ── refusals, each saying why
    const theirs = await api.call('POST', '/accounts/bob/message/edit', {
      body: { messageId: textId, text: 'mine now' },
    });
    expect(theirs.status).toBe(400);
    expect(theirs.json.error).toBe(
      `Only messages this account sent can be edited; this one came from ${alice.jid}`,
    );
    const unknown = await api.call('POST', '/accounts/alice/message/edit', {
      body: { messageId: 'NOSUCH1', text: 'x' },
    });
    expect([unknown.status, unknown.json]).toEqual([404, { ok: false, error: 'Message not found' }]);
    const empty = await api.call('POST', '/accounts/alice/message/edit', {
      body: { messageId: textId, text: '' },
    });
    expect([empty.status, empty.json]).toEqual([
      400,
      { ok: false, error: 'messageId and text are required' },
    ]);
    const lost = await api.call('POST', '/accounts/bob/message/forward', {
      body: { messageId: 'NOSUCH1', to: alice.jid },
    });
    expect([lost.status, lost.json]).toEqual([404, { ok: false, error: 'Message not found' }]);
    const noTo = await api.call('POST', '/accounts/bob/message/forward', { body: { messageId: textId } });
    expect([noTo.status, noTo.json]).toEqual([400, { ok: false, error: 'messageId and to are required' }]);
    // an edit is no text to edit again
    const editOfEdit = await api.call('POST', '/accounts/alice/message/edit', {
      body: { messageId: edit.json.messageId, text: 'again' },
    });
    expect(editOfEdit.status).toBe(400);
    expect(editOfEdit.json.error).toMatch(/^Only text messages and captions .* this message is a edit$/);
  });
});
