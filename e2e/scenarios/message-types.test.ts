import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ffmpegImage, ffmpegTone, probeImage, waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAndPair } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { fileForm, sendJson } from '../support/media.js';
import { messageIn, messageView } from '../support/messages.js';
import { envelopes, flatPayload, startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

const WEBP = ffmpegImage('webp', '120x90', 'blue');
const PNG = ffmpegImage('png', '300x200', 'red');

// Each outbound type of issue 17 from one sandbox account to another through the running stack
// (gateway, two session workers, webhook worker), read back typed on the recipient's side: in
// its chat, at GET /messages/:id, in its webhook events and in the flat global webhook. (A caption
// edit seen by the recipient: message-edit-forward.)
describe('every message type between two sandbox accounts', () => {
  const e2e = useE2eStack(
    { MEDIA_URL_ALLOW_PRIVATE_NETWORKS: 'true' },
    { gateways: 1, sessionWorkers: 2, webhookWorkers: 1 },
  );
  let sink: WebhookSink;
  let server: Server;
  let base = '';
  beforeAll(async () => {
    sink = await startWebhookSink();
    server = createServer((request, response) => {
      if (request.url === '/sticker.webp')
        response.writeHead(200, { 'content-type': 'image/webp' }).end(WEBP);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await sink?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('location, contacts, poll and votes, stickers and a voice note arrive typed', async () => {
    const { api } = e2e();
    const alice = await createAndPair(api, 'alice');
    const bob = await createAndPair(api, 'bob');
    expectStatus(
      await api.call('POST', '/webhooks', { body: { url: `${sink.url}/flat` } }),
      201,
      'flat hook',
    );
    for (const id of ['alice', 'bob'])
      expectStatus(
        await api.call('POST', `/accounts/${id}/webhooks`, {
          body: { url: `${sink.url}/${id}`, events: ['message', 'poll.vote'] },
        }),
        201,
        `webhook of ${id}`,
      );
    const received = (account: string, chat: string, id: string) => messageIn(api, account, chat, id);
    const viewOf = (account: string, id: string) => messageView(api, account, id);
    const events = (account: string, type: string) => envelopes(sink, account, type);
    const flat = (id: string) =>
      waitFor(() => flatPayload(sink, 'bob', id), { what: `the flat webhook of ${id}`, timeoutMs: 30_000 });

    // ── location
    const place = {
      latitude: 48.8584,
      longitude: 2.2945,
      name: 'Eiffel Tower',
      address: 'Champ de Mars, Paris',
    };
    const locationId = await sendJson(api, 'alice', 'location', { to: bob.jid, ...place }, 'location');
    expect(await received('bob', alice.jid, locationId)).toMatchObject({
      type: 'location',
      fromMe: false,
      location: place,
    });
    expect(await viewOf('alice', locationId)).toMatchObject({
      type: 'location',
      fromMe: true,
      location: place,
    });
    expect(await flat(locationId)).toMatchObject({ from: alice.jid, location: place });

    // ── contact cards (several), quoting the location
    const cards = [
      { name: 'Ada Lovelace', phone: '+44 20 7946 0018' },
      { name: 'Support; desk', phone: '+1 555 000 0003' },
      { name: 'Bob', phone: `+${bob.jid.split('@')[0]}` },
    ];
    const contactId = await sendJson(
      api,
      'alice',
      'contact',
      { to: bob.jid, contacts: cards, quotedMessageId: locationId },
      'contact',
    );
    const contact = await received('bob', alice.jid, contactId);
    expect(contact).toMatchObject({ type: 'contact', quotedMessageId: locationId });
    const digits = (phone: string) => phone.replace(/\D/g, '');
    expect(contact.contacts).toEqual(
      cards.map((card) => ({
        name: card.name,
        phone: digits(card.phone),
        vcard: expect.stringContaining(`waid=${digits(card.phone)}:+${digits(card.phone)}`),
      })),
    );
    expect((contact.contacts as { vcard: string }[])[1]?.vcard).toContain('FN:Support\\; desk');
    expect(await flat(contactId)).toMatchObject({ contacts: contact.contacts });

    // ── poll, two votes from bob (the latest counts), one from alice
    const poll = {
      name: 'Which day suits you?',
      options: ['Monday', 'Tuesday', 'Friday'],
      selectableCount: 2,
    };
    const pollId = await sendJson(api, 'alice', 'poll', { to: bob.jid, ...poll }, 'poll');
    expect(await received('bob', alice.jid, pollId)).toMatchObject({ type: 'poll', poll });
    expect(await flat(pollId)).toMatchObject({ poll });
    const vote = (account: string, to: string, options: string[]) =>
      sendJson(api, account, 'poll-vote', { to, pollMessageId: pollId, options }, `${account} votes`);
    await vote('bob', alice.jid, ['Tuesday', 'Friday']);
    const firstVote = await waitFor(() => events('alice', 'poll.vote').find((e) => e.voter === bob.jid), {
      what: "bob's vote at alice's webhook",
      timeoutMs: 30_000,
    });
    expect(firstVote).toMatchObject({
      pollMessageId: pollId,
      chatId: bob.jid,
      selectedOptions: ['Tuesday', 'Friday'],
      poll: { name: poll.name, options: poll.options },
    });
    await vote('bob', alice.jid, ['Monday']);
    await vote('alice', bob.jid, ['Monday', 'Friday']);
    const tally = (monday: string[], tuesday: string[], friday: string[]) => [
      { option: 'Monday', count: monday.length, voters: monday },
      { option: 'Tuesday', count: tuesday.length, voters: tuesday },
      { option: 'Friday', count: friday.length, voters: friday },
    ];
    const sorted = (votes: { option: string; count: number; voters: string[] }[]) =>
      votes.map((entry) => ({ ...entry, voters: [...entry.voters].sort() }));
    const both = [alice.jid, bob.jid].sort();
    const expected = tally(both, [], [alice.jid]);
    for (const account of ['alice', 'bob'])
      await waitFor(
        async () => {
          const votes = (await viewOf(account, pollId)).poll?.votes;
          return votes && JSON.stringify(sorted(votes)) === JSON.stringify(expected) ? true : undefined;
        },
        { what: `the tally of ${account}'s copy of the poll`, timeoutMs: 30_000 },
      );
    expect(await viewOf('alice', pollId)).toMatchObject({ type: 'poll', fromMe: true, poll });
    // Each vote is a poll.vote event with the option names, our own included.
    const voted = (account: string, voter: string, options: string[]) =>
      waitFor(
        () =>
          events(account, 'poll.vote').some(
            (e) => e.voter === voter && JSON.stringify(e.selectedOptions) === JSON.stringify(options),
          ) || undefined,
        { what: `${voter} votes ${options} at ${account}'s webhook`, timeoutMs: 30_000 },
      );
    await voted('alice', bob.jid, ['Monday']);
    await voted('alice', alice.jid, ['Monday', 'Friday']);
    await voted('bob', alice.jid, ['Monday', 'Friday']);
    await voted('bob', bob.jid, ['Monday']);
    // A vote naming no option of the poll, or too many, is refused before it is sent.
    const unknown = await api.call('POST', '/accounts/bob/message/send/poll-vote', {
      body: { to: alice.jid, pollMessageId: pollId, options: ['Sunday'] },
    });
    expect([unknown.status, unknown.json]).toEqual([
      400,
      {
        ok: false,
        error: 'options ["Sunday"] are not in this poll; it offers ["Monday","Tuesday","Friday"]',
      },
    ]);
    const tooMany = await api.call('POST', '/accounts/bob/message/send/poll-vote', {
      body: { to: alice.jid, pollMessageId: pollId, options: poll.options },
    });
    expect([tooMany.status, tooMany.json.error]).toEqual([
      400,
      'this poll allows at most 2 option(s) per vote',
    ]);

    // ── stickers: a WebP as it is, a PNG converted to 512×512 WebP, and both by JSON
    const stickerOf = async (id: string) => {
      const sticker = await received('bob', alice.jid, id);
      expect(sticker).toMatchObject({ type: 'sticker', hasMedia: true, mimetype: 'image/webp' });
      const download = await api.download(`/accounts/bob/messages/${id}/media`);
      expect(download.status).toBe(200);
      return download.bytes;
    };
    const webpId = String(
      expectStatus(
        await api.call('POST', '/accounts/alice/message/send/sticker', {
          form: fileForm(bob.jid, 'sticker', { bytes: WEBP, mimetype: 'image/webp', fileName: 'wave.webp' }),
        }),
        200,
        'webp sticker',
      ).json.messageId,
    );
    expect((await stickerOf(webpId)).equals(WEBP)).toBe(true);
    const pngId = String(
      expectStatus(
        await api.call('POST', '/accounts/alice/message/send/sticker', {
          form: fileForm(bob.jid, 'sticker', { bytes: PNG, mimetype: 'image/png', fileName: 'logo.png' }),
        }),
        200,
        'png sticker',
      ).json.messageId,
    );
    expect(probeImage(await stickerOf(pngId))).toBe('webp,512,512');
    const urlId = await sendJson(
      api,
      'alice',
      'sticker',
      { to: bob.jid, url: `${base}/sticker.webp` },
      'url sticker',
    );
    expect((await stickerOf(urlId)).equals(WEBP)).toBe(true);
    const inlineId = await sendJson(
      api,
      'alice',
      'sticker',
      { to: bob.jid, base64: PNG.toString('base64') },
      'b64',
    );
    expect(probeImage(await stickerOf(inlineId))).toBe('webp,512,512');
    expect(await flat(inlineId)).toMatchObject({ mediaType: 'sticker', mimetype: 'image/webp' });
    // What is no image is refused, saying what to send.
    const text = await api.call('POST', '/accounts/alice/message/send/sticker', {
      form: fileForm(bob.jid, 'sticker', {
        bytes: Buffer.from('hello'),
        mimetype: 'text/plain',
        fileName: 'a.txt',
      }),
    });
    expect(text.status).toBe(415);
    expect(text.json.error).toMatch(/^sticker must be a WebP, PNG or JPEG image/);
    const fake = await api.call('POST', '/accounts/alice/message/send/sticker', {
      body: {
        to: bob.jid,
        base64: Buffer.from('GIF89a not a sticker').toString('base64'),
        mimetype: 'image/png',
      },
    });
    // Labelled PNG, sniffed as no image by the worker: the send answers its reason.
    expect([fake.status, fake.json]).toEqual([
      400,
      { ok: false, error: 'sticker is not a WebP, PNG or JPEG image' },
    ]);
    expect(await viewOf('alice', pngId)).toMatchObject({ type: 'sticker', fromMe: true, hasMedia: true });

    // ── a voice note: converted to OGG/Opus by the worker, `voice` on both sides
    const tone = fileForm(
      bob.jid,
      'audio',
      { bytes: ffmpegTone(), mimetype: 'audio/wav', fileName: 'note.wav' },
      { ptt: 'true' },
    );
    const voiceId = String(
      expectStatus(await api.call('POST', '/accounts/alice/message/send/audio', { form: tone }), 200, 'voice')
        .json.messageId,
    );
    expect(await received('bob', alice.jid, voiceId)).toMatchObject({
      type: 'voice',
      mimetype: 'audio/ogg; codecs=opus',
    });
    expect(await viewOf('alice', voiceId)).toMatchObject({ type: 'voice', fromMe: true });

    // ── every type arrived once as a `message` event of bob's, typed
    const ids = [locationId, contactId, pollId, webpId, pngId, urlId, inlineId, voiceId];
    const typesAtBob = () => {
      const types = new Map(events('bob', 'message').map((e) => [e.messageId, e.type]));
      return ids.map((id) => types.get(id));
    };
    await waitFor(() => typesAtBob().every(Boolean) || undefined, { what: "bob's message events" });
    expect(typesAtBob()).toEqual([
      'location',
      'contact',
      'poll',
      'sticker',
      'sticker',
      'sticker',
      'sticker',
      'voice',
    ]);
  });
});
