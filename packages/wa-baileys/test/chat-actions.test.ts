import { Readable } from 'node:stream';
import { type BinaryNode, proto } from '@whiskeysockets/baileys';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestSession, useFixture } from './fixture.js';

const phone = '15550300001';
const contact = '15557770301';
const contactJid = `${contact}@s.whatsapp.net`;

interface PeerReceipt {
  id?: string;
  ids: string[];
  to?: string;
  type: string;
}

describe('Baileys adapter: chat actions seen by the local peer', () => {
  const fx = useFixture();
  let me: TestSession;
  const receipts: PeerReceipt[] = [];
  const nodes: BinaryNode[] = [];

  beforeAll(async () => {
    fx.peer.on('receipt', (r: PeerReceipt) => receipts.push(r));
    fx.peer.on('node', ({ node }: { node: BinaryNode }) => nodes.push(node));
    // A business name is the push name Baileys needs before it announces available/unavailable.
    me = await fx.pair('acc-actions', phone, { businessName: 'Wildcat Shop' });
  });

  const inbound = (id: string) => me.until((e) => e.messages.find((m) => m.id === id), `inbound ${id}`);

  it('markRead → the peer gets one `receipt type=read` naming every id', async () => {
    const first = await fx.peer.sendText(contact, phone, 'read me 1');
    const second = await fx.peer.sendText(contact, phone, 'read me 2');
    await inbound(first);
    await inbound(second);
    await me.session.markRead(contactJid, [{ id: first, from: contactJid }, second]);
    const read = await me.until(
      () => receipts.find((r) => r.type === 'read' && r.ids.includes(first)),
      'read receipt at the peer',
    );
    expect(read.ids.sort()).toEqual([first, second].sort());
    expect(read.to).toBe(contactJid);
  });

  it('presence: chat states to the chat, available/unavailable for the account', async () => {
    const chatstate = (state: string) =>
      me.until(
        () =>
          nodes.find(
            (n) =>
              n.tag === 'chatstate' &&
              n.attrs.to === contactJid &&
              Array.isArray(n.content) &&
              n.content.some((c) => c.tag === state),
          ),
        `chatstate ${state}`,
      );
    await me.session.sendPresence('composing', contactJid);
    expect((await chatstate('composing')).attrs.from).toContain(phone);
    await me.session.sendPresence('recording', contactJid);
    const recording = await me.until(
      () =>
        nodes.find(
          (n) =>
            n.tag === 'chatstate' &&
            Array.isArray(n.content) &&
            n.content.some((c) => c.tag === 'composing' && c.attrs.media === 'audio'),
        ),
      'chatstate recording (composing media=audio)',
    );
    expect(recording.attrs.to).toBe(contactJid);
    await me.session.sendPresence('paused', contactJid);
    await chatstate('paused');

    await me.session.sendPresence('available');
    const available = await me.until(
      () => nodes.find((n) => n.tag === 'presence' && n.attrs.type === 'available'),
      'presence available',
    );
    expect(available.attrs.name).toBe('Wildcat Shop');
    await me.session.sendPresence('unavailable');
    await me.until(
      () => nodes.find((n) => n.tag === 'presence' && n.attrs.type === 'unavailable'),
      'unavailable',
    );
  });

  /** What the worker's send pipeline does: record the content Baileys may ask for later. */
  async function sendRecorded(message: Parameters<TestSession['session']['send']>[0]) {
    const result = await me.session.send(message);
    const content = (result as { content?: string }).content;
    if (content) fx.messages.recordContent('acc-actions', result.messageId, content);
    return result;
  }

  it('edit → the peer decrypts protocolMessage MESSAGE_EDIT naming our message, with the new text', async () => {
    await sendRecorded({ kind: 'text', messageId: 'WCACT0001', to: contactJid, text: 'tpyo' });
    await fx.peer.nextMessage((m) => m.id === 'WCACT0001');
    await sendRecorded({
      kind: 'edit',
      messageId: 'WCACT0002',
      to: contactJid,
      targetMessageId: 'WCACT0001',
      text: 'typo fixed',
    });
    const edit = (await fx.peer.nextMessage((m) => m.id === 'WCACT0002')).message.protocolMessage;
    expect(edit?.type).toBe(proto.Message.ProtocolMessage.Type.MESSAGE_EDIT);
    expect(edit?.key).toMatchObject({ id: 'WCACT0001', fromMe: true, remoteJid: contactJid });
    const edited = edit?.editedMessage;
    expect(edited?.conversation ?? edited?.extendedTextMessage?.text).toBe('typo fixed');
  });

  it('forward of a stored message → the peer sees the same content with contextInfo.isForwarded', async () => {
    // A received text, stored with its content as the worker stores inbound messages.
    const inboundId = await fx.peer.sendText(contact, phone, 'worth sharing');
    const message = await inbound(inboundId);
    if (message.content) fx.messages.recordContent('acc-actions', inboundId, message.content);
    await sendRecorded({
      kind: 'forward',
      messageId: 'WCACT0003',
      to: contactJid,
      sourceMessageId: inboundId,
      content: { type: 'text', text: 'worth sharing' },
    });
    const got = (await fx.peer.nextMessage((m) => m.id === 'WCACT0003')).message;
    expect(got.extendedTextMessage?.text).toBe('worth sharing');
    expect(got.extendedTextMessage?.contextInfo?.isForwarded).toBe(true);

    // An image we sent: forwarded from its stored content (WhatsApp's copy), nothing re-uploaded.
    const image = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 11) % 256));
    await sendRecorded({
      kind: 'image',
      messageId: 'WCACT0004',
      to: contactJid,
      caption: 'pic',
      media: { stream: Readable.from([image]), mimetype: 'image/jpeg' },
    });
    await fx.peer.nextMessage((m) => m.id === 'WCACT0004');
    const unused = Readable.from([image]);
    await sendRecorded({
      kind: 'forward',
      messageId: 'WCACT0005',
      to: contactJid,
      sourceMessageId: 'WCACT0004',
      content: { type: 'image', media: { stream: unused, mimetype: 'image/jpeg' }, caption: 'pic' },
    });
    const forwarded = (await fx.peer.nextMessage((m) => m.id === 'WCACT0005')).message.imageMessage;
    expect(forwarded?.caption).toBe('pic');
    expect(forwarded?.contextInfo?.isForwarded).toBe(true);
    expect((await fx.peer.downloadMedia({ imageMessage: forwarded })).equals(image)).toBe(true);
    expect(unused.destroyed).toBe(true);

    // Nothing stored for the original: rebuilt from the store's copy, still marked forwarded.
    await sendRecorded({
      kind: 'forward',
      messageId: 'WCACT0006',
      to: contactJid,
      sourceMessageId: 'NOTSTORED1',
      content: { type: 'image', media: { stream: Readable.from([image]), mimetype: 'image/jpeg' } },
    });
    const rebuilt = (await fx.peer.nextMessage((m) => m.id === 'WCACT0006')).message.imageMessage;
    expect(rebuilt?.contextInfo?.isForwarded).toBe(true);
    expect((await fx.peer.downloadMedia({ imageMessage: rebuilt })).equals(image)).toBe(true);
  });
});
