import { createHash } from 'node:crypto';
import { waitFor } from '@wildcat/testkit';
import { decryptVote, pollVoteMessage, type ReceivedMessage } from '@wildcat/wa-test-peer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaileysStack, startLinkedBaileysStack } from './support/baileys-stack.js';

const accountId = 'pollbot';
const phone = '15550400081';
const ownJid = `${phone}@s.whatsapp.net`;
const contact = '15557770481';
const contactJid = `${contact}@s.whatsapp.net`;
// proto.Message.ProtocolMessage.Type.MESSAGE_EDIT (this workspace does not import Baileys itself).
const MESSAGE_EDIT = 14;
const optionHash = (name: string) => createHash('sha256').update(name).digest();

// The full path of a poll and its votes, and of caption edits, through the gateway, a session
// worker with WA_ENGINE=baileys and the local WhatsApp protocol peer: the peer votes encrypted
// with the poll's secret, the worker decrypts, stores the tally and publishes poll.vote with
// option names; our votes reach the peer decryptable; a caption edit goes out as WhatsApp's
// edit and one coming in changes the stored caption.
describe('polls, votes and caption edits through real Baileys and the session worker', { retry: 0 }, () => {
  let t: BaileysStack;
  const atContact = (id: string) => (m: ReceivedMessage) => m.id === id && m.to === contact;

  beforeAll(async () => {
    t = await startLinkedBaileysStack(accountId, phone);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('our poll: the contact votes (encrypted), we store the tally and publish poll.vote; our own vote reaches the contact', async () => {
    const options = ['Monday', 'Tuesday', 'Friday'];
    const sent = await t.post(`/accounts/${accountId}/message/send/poll`, {
      to: contactJid,
      name: 'Delivery day?',
      options,
      selectableCount: 2,
    });
    expect(sent.statusCode).toBe(200);
    const pollId = sent.body.messageId as string;
    const received = (await t.peer.nextMessage(atContact(pollId))).message;
    const creation = received.pollCreationMessage ?? received.pollCreationMessageV3;
    expect(creation?.options?.map((o) => o.optionName)).toEqual(options);
    const messageSecret = received.messageContextInfo?.messageSecret;
    expect(messageSecret?.length).toBe(32);
    if (!messageSecret) throw new Error('the poll came without its secret');

    // The contact votes twice; its latest vote is the one that counts.
    const vote = (picked: string[]) =>
      t.peer.sendMessage(
        contact,
        phone,
        pollVoteMessage(contact, phone, { pollMessageId: pollId, messageSecret, options: picked }),
      );
    const voteEvents = () => t.events('poll.vote', accountId);
    await vote(['Tuesday', 'Friday']);
    const first = await waitFor(async () => (await voteEvents())[0], {
      what: 'poll.vote',
      timeoutMs: 30_000,
    });
    expect(first.data).toMatchObject({
      pollMessageId: pollId,
      chatId: contactJid,
      voter: contactJid,
      selectedOptions: ['Tuesday', 'Friday'],
      poll: { name: 'Delivery day?', options },
    });
    await vote(['Monday']);
    await waitFor(async () => (await voteEvents()).length >= 2 || undefined, { what: 'second poll.vote' });
    expect((await voteEvents())[1]?.data).toMatchObject({ voter: contactJid, selectedOptions: ['Monday'] });
    const tallyOf = async () => (await t.get(`/accounts/${accountId}/messages/${pollId}`)).body.message.poll;
    expect(await tallyOf()).toEqual({
      name: 'Delivery day?',
      options,
      selectableCount: 2,
      votes: [
        { option: 'Monday', count: 1, voters: [contactJid] },
        { option: 'Tuesday', count: 0, voters: [] },
        { option: 'Friday', count: 0, voters: [] },
      ],
    });

    // Our own vote on our poll: a pollUpdateMessage the contact decrypts with the poll's secret.
    const ours = await t.post(`/accounts/${accountId}/message/send/poll-vote`, {
      to: contactJid,
      pollMessageId: pollId,
      options: ['Monday', 'Friday'],
    });
    expect(ours.statusCode).toBe(200);
    const update = (await t.peer.nextMessage(atContact(ours.body.messageId))).message.pollUpdateMessage;
    expect(update?.pollCreationMessageKey?.id).toBe(pollId);
    if (!update?.vote?.encPayload || !update.vote.encIv) throw new Error('the vote came unencrypted');
    const hashes = decryptVote(
      { encPayload: update.vote.encPayload, encIv: update.vote.encIv },
      { pollMessageId: pollId, pollCreatorJid: ownJid, voterJid: ownJid, messageSecret },
    );
    expect(hashes).toEqual([optionHash('Monday'), optionHash('Friday')]);
    await waitFor(async () => (await tallyOf()).votes?.[0]?.count === 2 || undefined, {
      what: 'our vote in the tally',
    });
    expect((await tallyOf()).votes).toEqual([
      { option: 'Monday', count: 2, voters: expect.arrayContaining([contactJid, ownJid]) },
      { option: 'Tuesday', count: 0, voters: [] },
      { option: 'Friday', count: 1, voters: [ownJid] },
    ]);
    expect((await voteEvents()).map((e) => [e.data.voter, e.data.selectedOptions])).toContainEqual([
      ownJid,
      ['Monday', 'Friday'],
    ]);
  }, 120_000);

  it("the contact's poll: stored typed, our vote encrypted with its secret, the contact's vote decrypted", async () => {
    const messageSecret = Buffer.alloc(32, 7);
    const pollId = await t.peer.sendMessage(contact, phone, {
      pollCreationMessageV3: {
        name: 'Lunch?',
        options: [{ optionName: 'Pizza' }, { optionName: 'Sushi' }],
        selectableOptionsCount: 1,
      },
      messageContextInfo: { messageSecret },
    });
    const stored = await waitFor(() => t.store.messages.get(accountId, pollId), { what: 'stored poll' });
    expect(stored).toMatchObject({ type: 'poll', poll: { name: 'Lunch?', options: ['Pizza', 'Sushi'] } });
    const ours = await t.post(`/accounts/${accountId}/message/send/poll-vote`, {
      to: contactJid,
      pollMessageId: pollId,
      options: ['Sushi'],
    });
    expect(ours.statusCode).toBe(200);
    const update = (await t.peer.nextMessage(atContact(ours.body.messageId))).message.pollUpdateMessage;
    if (!update?.vote?.encPayload || !update.vote.encIv) throw new Error('the vote came unencrypted');
    expect(
      decryptVote(
        { encPayload: update.vote.encPayload, encIv: update.vote.encIv },
        { pollMessageId: pollId, pollCreatorJid: contactJid, voterJid: ownJid, messageSecret },
      ),
    ).toEqual([optionHash('Sushi')]);
    // The contact votes on its own poll too: decrypted with the secret of a poll we received.
    await t.peer.sendMessage(
      contact,
      phone,
      pollVoteMessage(contact, phone, {
        pollMessageId: pollId,
        messageSecret,
        options: ['Pizza'],
        pollCreatorJid: contactJid,
      }),
    );
    const event = await waitFor(
      async () =>
        (await t.events('poll.vote', accountId)).find(
          (e) => e.data.pollMessageId === pollId && e.data.voter === contactJid,
        ),
      { what: "the contact's vote on its poll", timeoutMs: 30_000 },
    );
    expect(event.data.selectedOptions).toEqual(['Pizza']);
    const tally = (await t.get(`/accounts/${accountId}/messages/${pollId}`)).body.message.poll.votes;
    expect(tally).toEqual([
      { option: 'Pizza', count: 1, voters: [contactJid] },
      { option: 'Sushi', count: 1, voters: [ownJid] },
    ]);
  }, 120_000);

  it('caption edits: ours reaches the contact as a MESSAGE_EDIT; the contact editing its caption changes our copy', async () => {
    const image = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 37) % 256));
    const form = new FormData();
    form.append('to', contactJid);
    form.append('caption', 'a cat');
    form.append('image', new Blob([image], { type: 'image/jpeg' }), 'cat.jpg');
    const sent = await t.api.call('POST', `/accounts/${accountId}/message/send/image`, { form });
    expect(sent.status).toBe(200);
    const imageId = sent.json.messageId as string;
    await t.peer.nextMessage(atContact(imageId));
    const edit = await t.post(`/accounts/${accountId}/message/edit`, {
      messageId: imageId,
      text: 'a better cat',
    });
    expect(edit.statusCode).toBe(200);
    const protocol = (await t.peer.nextMessage(atContact(edit.body.messageId))).message.protocolMessage;
    expect(protocol?.type).toBe(MESSAGE_EDIT);
    expect(protocol?.key?.id).toBe(imageId);
    const editedMessage = protocol?.editedMessage;
    expect(
      editedMessage?.imageMessage?.caption ??
        editedMessage?.conversation ??
        editedMessage?.extendedTextMessage?.text,
    ).toBe('a better cat');

    // The contact edits the caption of an image it sent, as a phone does (the image message again).
    const theirs = await t.peer.sendMedia(contact, phone, 'image', image, { caption: 'a dog' });
    await waitFor(() => t.store.messages.get(accountId, theirs), { what: 'inbound image stored' });
    await t.peer.sendMessage(contact, phone, {
      protocolMessage: {
        type: MESSAGE_EDIT,
        key: { remoteJid: ownJid, fromMe: false, id: theirs },
        editedMessage: { imageMessage: { caption: 'a good dog' } },
      },
    });
    const stored = await waitFor(
      async () => {
        const doc = await t.store.messages.get(accountId, theirs);
        return doc?.editedAt !== undefined ? doc : undefined;
      },
      { what: 'caption edit applied', timeoutMs: 30_000 },
    );
    expect(stored).toMatchObject({ type: 'image', caption: 'a good dog', hasMedia: true });
    const event = await waitFor(
      async () => (await t.events('message.edited', accountId)).find((e) => e.data.messageId === theirs),
      { what: 'message.edited' },
    );
    expect(event.data).toMatchObject({
      chatId: contactJid,
      from: contactJid,
      fromMe: false,
      text: 'a good dog',
      previousText: 'a dog',
      editedAt: stored.editedAt,
    });
  }, 120_000);
});
