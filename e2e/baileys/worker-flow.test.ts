import { buffer } from 'node:stream/consumers';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaileysStack, startBaileysStack } from './support/baileys-stack.js';

const accountId = 'wbot';
const phone = '15550400001';
const contact = '15557770401';
const contactJid = `${contact}@s.whatsapp.net`;

/** Lines the workers logged at level error or fatal (the stack prints pino JSON as `time LEVEL msg key=value…`). */
function workerErrors(lines: string[]): string[] {
  return lines.filter((line) => / (ERROR|FATAL) /.test(line) && !/ engine=baileys( |$)/.test(line));
}

// One stack for the whole file and tests that build on each other: a retry of one test alone would
// run on the state the failed one left, so none (the scenarios' retry is for one-test files).
describe('session worker with WA_ENGINE=baileys against the local peer', { retry: 0 }, () => {
  let t: BaileysStack;

  beforeAll(async () => {
    t = await startBaileysStack();
    await t.startWorker();
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    const output = t?.workerOutput() ?? [];
    // The worker itself logged no errors. Baileys' own child logger (engine: baileys) reports a
    // 515 stream error at level 50 during every pairing, which is the expected path.
    expect(workerErrors(output)).toEqual([]);
  });

  it('create account → QR (hasQR, GET qr) → peer pairs → connected, creds stored', async () => {
    const started = Date.now();
    expect((await t.post('/accounts', { id: accountId })).statusCode).toBe(201);
    const qr = await waitFor(
      async () => {
        const r = await t.get(`/accounts/${accountId}/qr`);
        return r.statusCode === 200 ? (r.body.qr as string) : undefined;
      },
      { timeoutMs: 30_000, what: 'GET qr' },
    );
    expect((await t.get(`/accounts/${accountId}`)).body.account).toMatchObject({ hasQR: true });
    await t.peer.scanQr(qr, phone);
    // First login writes 812 prekeys in one transaction: seconds on devdb on a busy machine.
    const connected = await t.waitStatus(accountId, 'connected', 90_000);
    expect(connected).toMatchObject({ jid: `${phone}@s.whatsapp.net`, owner: t.workers[0]!.process.name });
    const account = await t.store.accounts.get(accountId);
    expect(await t.store.authState(account!.collectionName).hasCreds()).toBe(true);
    expect(t.peer.sockets(phone)).toBe(1);
    console.log(`create → QR → paired → connected through the worker: ${Date.now() - started} ms`);
  }, 120_000);

  it('send text → the peer decrypts exactly the text; the row moves to sent', async () => {
    const r = await t.post(`/accounts/${accountId}/message/send`, {
      to: contactJid,
      message: 'hi via the API ✓',
    });
    expect(r.statusCode).toBe(200);
    const messageId = r.body.messageId as string;
    const received = await t.peer.nextMessage((m) => m.id === messageId);
    expect(received.message.conversation ?? received.message.extendedTextMessage?.text).toBe(
      'hi via the API ✓',
    );
    await waitFor(async () => (await t.store.messages.get(accountId, messageId))?.status === 'sent', {
      what: 'sent status',
    });
    // Kept for Baileys' getMessage: resends on a retry receipt and quotes in replies need it.
    expect(await t.store.messages.getContent(accountId, messageId)).toContain('hi via the API');
    t.peer.sendReceipt(contact, phone, [messageId], 'read');
    await waitFor(async () => (await t.store.messages.get(accountId, messageId))?.status === 'read', {
      what: 'read receipt stored',
    });
  });

  it('inbound text → stored in MongoDB and a message event with the seed webhook fields', async () => {
    const id = await t.peer.sendText(contact, phone, 'hello wildcat');
    const stored = await waitFor(() => t.store.messages.get(accountId, id), {
      what: 'stored inbound',
    });
    expect(await t.store.messages.getContent(accountId, id)).toContain('hello wildcat');
    expect(stored).toMatchObject({
      type: 'text',
      text: 'hello wildcat',
      chatId: contactJid,
      from: contactJid,
      fromMe: false,
    });
    const [event] = await waitFor(
      async () => {
        const found = (await t.events('message', accountId)).filter((e) => e.data.messageId === id);
        return found.length ? found : undefined;
      },
      { what: 'message event' },
    );
    expect(event?.data).toMatchObject({
      messageId: id,
      chatId: contactJid,
      from: contactJid,
      fromMe: false,
      type: 'text',
      text: 'hello wildcat',
      hasMedia: false,
      timestamp: expect.any(Number),
    });
  });

  it('an image each way arrives byte-identical (GridFS on our side)', async () => {
    const image = Buffer.from(Array.from({ length: 60_000 }, (_, i) => (i * 31 + (i >> 9)) % 256));
    const form = new FormData();
    form.append('to', contactJid);
    form.append('caption', 'out');
    form.append('image', new Blob([image], { type: 'image/jpeg' }), 'a.jpg');
    const r = await t.api.call('POST', `/accounts/${accountId}/message/send/image`, { form });
    expect(r.status).toBe(200);
    const sent = await t.peer.nextMessage((m) => m.id === r.json.messageId);
    expect((await t.peer.downloadMedia(sent.message)).equals(image)).toBe(true);

    const id = await t.peer.sendImage(contact, phone, image, { caption: 'in' });
    const stored = await waitFor(() => t.store.messages.get(accountId, id), {
      what: 'inbound image stored',
    });
    expect(stored).toMatchObject({ type: 'image', caption: 'in', hasMedia: true });
    const bytes = await buffer(t.store.media.openDownload(stored.mediaId!));
    expect(bytes.equals(image)).toBe(true);
  });

  it('restarting the worker reconnects with the stored creds and no new QR', async () => {
    const qrEventsBefore = (await t.events('account.qr', accountId)).length;
    await t.workers[0]!.process.stop();
    await waitFor(() => t.peer.sockets(phone) === 0, { what: 'old socket gone' });
    const second = await t.startWorker();
    const record = await t.waitStatus(accountId, 'connected');
    expect(record.owner).toBe(second.process.name);
    expect(record.qr).toBeUndefined();
    expect((await t.events('account.qr', accountId)).length).toBe(qrEventsBefore);
    expect(t.peer.sockets(phone)).toBe(1);
  }, 90_000);
});
