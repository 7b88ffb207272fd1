import type { BinaryNode } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture, type TestSession } from './fixture.js';

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
  let fx: Fixture;
  let me: TestSession;
  const receipts: PeerReceipt[] = [];
  const nodes: BinaryNode[] = [];

  beforeAll(async () => {
    fx = await startFixture();
    fx.peer.on('receipt', (r: PeerReceipt) => receipts.push(r));
    fx.peer.on('node', ({ node }: { node: BinaryNode }) => nodes.push(node));
    // A business name is the push name Baileys needs before it announces available/unavailable.
    me = await fx.pair('acc-actions', phone, { businessName: 'Wildcat Shop' });
  });
  afterAll(async () => {
    await fx?.close();
    expect(fx.warnings).toEqual([]);
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
});
