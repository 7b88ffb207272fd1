import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../src/index.js';
import { useStore } from './store-fixture.js';

const store = useStore();

describe('webhooks and deliveries', () => {
  it('creates once per (account, url) and matches by event type', async () => {
    const first = await store.webhooks.createOrGet({
      accountId: null,
      url: 'https://a.example/hook',
      format: 'seed',
    });
    const again = await store.webhooks.createOrGet({
      accountId: null,
      url: 'https://a.example/hook',
      format: 'seed',
    });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.webhook._id.toHexString()).toBe(first.webhook._id.toHexString());
    const scoped = await store.webhooks.createOrGet({
      accountId: 'acc',
      url: 'https://a.example/hook',
      format: 'envelope',
      events: ['message.ack'],
      secret: 's3cret',
    });
    expect(scoped.created).toBe(true);
    expect((await store.webhooks.matching('acc', 'message')).map((h) => h.url)).toEqual([
      'https://a.example/hook',
    ]);
    expect((await store.webhooks.matching('acc', 'message.ack')).map((h) => h.accountId)).toEqual(['acc']);
    expect(await store.webhooks.matching('other', 'message.ack')).toEqual([]);
    await store.webhooks.disable(first.webhook._id.toHexString(), 'gone');
    expect(await store.webhooks.matching('acc', 'message')).toEqual([]);
  });

  it('records attempts, dead letters and reopens', async () => {
    const id = 'message.acc.X1--0123456789abcdef01234567';
    const base = {
      _id: id,
      webhookId: '0123456789abcdef01234567',
      eventId: 'message.acc.X1',
      eventType: 'message',
      accountId: 'acc',
    };
    await store.deliveries.open(base);
    await store.deliveries.open(base);
    await store.deliveries.recordAttempt(id, { status: 'retrying', statusCode: 500, error: 'HTTP 500' });
    await store.deliveries.recordAttempt(id, { status: 'dead', statusCode: 500, error: 'HTTP 500' });
    expect(await store.deliveries.get(id)).toMatchObject({
      attempts: 2,
      status: 'dead',
      deadLettered: true,
      lastStatusCode: 500,
    });
    expect(await store.deliveries.countDead()).toBe(1);
    expect(await store.deliveries.reopen(id)).toBe(true);
    expect(
      (await store.deliveries.listByWebhook(base.webhookId, { limit: 10, skip: 0 })).map((d) => d.status),
    ).toEqual(['pending']);
  });
});

describe('a delivery recorded with its first attempt', () => {
  it('is opened by the attempt, and a later attempt or open only updates it', async () => {
    const delivery = {
      _id: 'e.first--0123456789abcdef01234567',
      webhookId: '0123456789abcdef01234567',
      eventId: 'e.first',
      eventType: 'message',
      accountId: 'acc',
    };
    await store.deliveries.recordOpenedAttempts([
      { delivery, attempt: { status: 'retrying', statusCode: 503, error: 'HTTP 503' } },
    ]);
    await store.deliveries.open(delivery);
    await store.deliveries.recordOpenedAttempts([
      { delivery, attempt: { status: 'delivered', statusCode: 204 } },
    ]);
    expect(await store.deliveries.get(delivery._id)).toMatchObject({
      ...delivery,
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
      lastError: 'HTTP 503',
      deadLettered: false,
      createdAt: expect.any(Date),
      deliveredAt: expect.any(Date),
    });
  });
});

describe('deleteAccountCascade', () => {
  it('removes messages, chats, media, auth, webhooks and deliveries of that account only', async () => {
    for (const id of ['gone', 'kept']) {
      await store.accounts.create({ id });
      await store.messages.upsert({
        accountId: id,
        messageId: 'M1',
        chatId: '1234567@s.whatsapp.net',
        from: '1234567@s.whatsapp.net',
        fromMe: false,
        timestamp: 1,
        type: 'text',
        text: 'x',
        status: 'received',
      });
      await store.chats.touch({
        accountId: id,
        chatId: '1234567@s.whatsapp.net',
        messageTime: 1,
        unread: true,
      });
      await store.media.upload(Readable.from([Buffer.from('bytes')]), {
        accountId: id,
        mimetype: 'text/plain',
      });
      await store.contacts.saveNames(id, [{ jid: '1234567@s.whatsapp.net', name: 'Saved' }]);
      await store.authState(`auth_${id}`).writeCreds({ me: id }, 1);
      const hook = await store.webhooks.createOrGet({
        accountId: id,
        url: `https://h.example/${id}`,
        format: 'envelope',
      });
      await store.deliveries.open({
        _id: `e.${id}--${hook.webhook._id.toHexString()}`,
        webhookId: hook.webhook._id.toHexString(),
        eventId: `e.${id}`,
        eventType: 'message',
        accountId: id,
      });
    }
    expect(await store.deleteAccountCascade('gone')).toBe(true);
    expect(await store.deleteAccountCascade('gone')).toBe(false);

    expect(await store.accounts.get('gone')).toBeNull();
    expect(await store.messages.get('gone', 'M1')).toBeNull();
    expect(await store.chats.list('gone', { limit: 10, skip: 0 })).toEqual([]);
    expect(await store.contacts.get('gone', '1234567@s.whatsapp.net')).toBeNull();
    expect(await store.contacts.get('kept', '1234567@s.whatsapp.net')).toMatchObject({ name: 'Saved' });
    expect(await store.db.collection('media.files').countDocuments({ 'metadata.accountId': 'gone' })).toBe(0);
    expect(await store.authState('auth_gone').hasCreds()).toBe(false);
    expect(await store.webhooks.list({ accountId: 'gone' })).toEqual([]);
    expect(await store.db.collection(COLLECTIONS.deliveries).countDocuments({ accountId: 'gone' })).toBe(0);

    expect(await store.accounts.get('kept')).not.toBeNull();
    expect(await store.messages.get('kept', 'M1')).not.toBeNull();
    expect(await store.authState('auth_kept').hasCreds()).toBe(true);
    expect(await store.db.collection('media.files').countDocuments({ 'metadata.accountId': 'kept' })).toBe(1);
    expect((await store.webhooks.list({ accountId: 'kept' })).length).toBe(1);
  });
});
