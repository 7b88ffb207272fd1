import type { InboundMessage } from '@wildcat/wa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture, type TestSession } from './fixture.js';

const phone = '15550300001';
const contact = '15557770301';
const accountId = 'acc-receipt';

describe('Baileys adapter: a message is stored before its delivery receipt', () => {
  let fx: Fixture;
  let me: TestSession;
  /** What the worker's store does with the next messages. */
  let store: 'slow' | 'failing' | 'ok' = 'ok';
  const storedAt = new Map<string, number>();
  const receiptAt = new Map<string, number>();
  const onMessage = async (message: InboundMessage) => {
    if (store === 'failing') throw new Error('MongoDB unreachable');
    if (store === 'slow') await new Promise((resolve) => setTimeout(resolve, 500));
    storedAt.set(message.id, Date.now());
  };

  beforeAll(async () => {
    fx = await startFixture();
    const paired = await fx.pair(accountId, phone);
    await paired.session.close();
    me = await fx.connect(accountId, { handlers: { onMessage } });
    await me.until((e) => e.opens[0], 'open with the recording store');
    fx.peer.on('receipt', (receipt: { id?: string; type?: string }) => {
      if (receipt.id && receipt.type !== 'read' && !receiptAt.has(receipt.id))
        receiptAt.set(receipt.id, Date.now());
    });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('sends the receipt only once the handler stored the message', async () => {
    store = 'slow';
    const id = await fx.peer.sendText(contact, phone, 'store me first');
    await me.until((e) => e.messages.find((m) => m.id === id), `inbound ${id}`);
    await me.until(() => receiptAt.get(id), `receipt of ${id}`);
    expect(receiptAt.get(id)!).toBeGreaterThanOrEqual(storedAt.get(id)!);
    // Stored once: the messages.upsert that follows the receipt is not a second message.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(me.events.messages.filter((m) => m.id === id)).toHaveLength(1);
  });

  it('sends no receipt when storing fails; WhatsApp delivers it again after a reconnect, stored once', async () => {
    store = 'failing';
    const id = await fx.peer.sendText(contact, phone, 'do not lose me');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiptAt.has(id)).toBe(false);
    expect(me.events.messages.find((m) => m.id === id)).toBeUndefined();

    store = 'ok';
    await me.session.close();
    const again = await fx.connect(accountId, { handlers: { onMessage } });
    const message = await again.until(
      (e) => e.messages.find((m) => m.id === id),
      `redelivered ${id}`,
      30_000,
    );
    expect(message).toMatchObject({ id, type: 'text', text: 'do not lose me' });
    await again.until(() => receiptAt.get(id), `receipt of ${id}`);
    expect(again.events.messages.filter((m) => m.id === id)).toHaveLength(1);
  });
});
