import { signWildcatPayload } from '@wildcat/webhooks';
import { describe, expect, it } from 'vitest';
import { buildDeliveryRequest } from '../src/delivery-request.js';
import { renderPayload } from '../src/payload.js';
import { messageEvent } from './support/events.js';

describe('payloads', () => {
  it('renders a non-message event to a seed subscription as the envelope', () => {
    const event = { ...messageEvent('acc'), type: 'message.ack' as const, id: 'message.ack.acc.1' };
    expect(JSON.parse(renderPayload({ format: 'seed' }, event))).toEqual(event);
  });

  it('uses an empty message for media without caption', () => {
    const event = messageEvent('acc', { text: undefined, type: 'audio', hasMedia: true, mediaId: 'm1' });
    const body = JSON.parse(renderPayload({ format: 'seed' }, event));
    expect(body.message).toBe('');
    expect(Object.keys(body)).toEqual([
      'from',
      'message',
      'messageId',
      'timestamp',
      'accountId',
      'chatId',
      'fromMe',
      'type',
      'hasMedia',
      'mediaId',
      // Additive, after the reference's fields:
      'mediaType',
      'mentions',
      'createdAt',
    ]);
    // No PUBLIC_BASE_URL configured: no mediaUrl (a relative one would mislead a receiver).
    expect(body.mediaUrl).toBeUndefined();
  });

  it('a captioned media reply carries text = caption, mediaUrl, mediaType, quotedMessage, mentions, createdAt', () => {
    const event = messageEvent('my bot', {
      messageId: 'IMG1',
      text: undefined,
      caption: 'look',
      type: 'image',
      hasMedia: true,
      mediaId: 'm1',
      mimetype: 'image/jpeg',
      quotedMessageId: 'Q1',
      quotedText: 'send me a photo',
      mentions: ['15550002222@s.whatsapp.net'],
    });
    const body = JSON.parse(
      renderPayload({ format: 'seed' }, event, { publicBaseUrl: 'https://api.example.com/wa' }),
    );
    expect(body).toMatchObject({
      message: 'look',
      text: 'look',
      caption: 'look',
      type: 'image',
      mediaType: 'image',
      mimetype: 'image/jpeg',
      mediaUrl: 'https://api.example.com/wa/accounts/my%20bot/messages/IMG1/media',
      quotedMessage: { messageId: 'Q1', text: 'send me a photo' },
      mentions: ['15550002222@s.whatsapp.net'],
      createdAt: '2024-11-04T06:10:45.000Z',
    });
  });

  it('location, contacts and poll ride along in the flat payload; text messages have no media fields', () => {
    const location = { latitude: 52.52, longitude: 13.405, name: 'Berlin' };
    const contacts = [{ name: 'Ada', phone: '15550003333', vcard: 'BEGIN:VCARD\nEND:VCARD' }];
    const poll = { name: 'Lunch?', options: ['Pizza', 'Salad'], selectableCount: 1 };
    const render = (data: Record<string, unknown>) =>
      JSON.parse(
        renderPayload({ format: 'seed' }, messageEvent('acc', data), { publicBaseUrl: 'https://x.test' }),
      );
    expect(render({ type: 'location', text: undefined, location })).toMatchObject({
      type: 'location',
      message: '',
      location,
    });
    expect(render({ type: 'contact', text: undefined, contacts })).toMatchObject({ contacts });
    expect(render({ type: 'poll', text: undefined, poll })).toMatchObject({ poll });
    const text = render({ selectedId: 'btn-yes', text: 'Yes' });
    expect(text).toMatchObject({ text: 'Yes', selectedId: 'btn-yes', mentions: [] });
    expect(text).not.toHaveProperty('mediaUrl');
    expect(text).not.toHaveProperty('mediaType');
    expect(text).not.toHaveProperty('quotedMessage');
  });

  it('signs "<timestamp>.<body>" and keeps reserved custom headers out', () => {
    const request = buildDeliveryRequest(
      {
        url: 'https://example.com/h',
        format: 'envelope',
        secret: 's3cret',
        headers: { Authorization: 'Bearer t', Host: 'evil', 'x-wildcat-event': 'forged' },
      },
      messageEvent('acc'),
      { deliveryId: 'd1', attempt: 1, nowMs: 1_700_000_000_000 },
    );
    expect(request.headers['x-wildcat-timestamp']).toBe('1700000000');
    expect(request.headers['x-wildcat-signature']).toBe(
      signWildcatPayload('s3cret', '1700000000', request.body),
    );
    expect(request.headers.authorization).toBe('Bearer t');
    expect(request.headers.host).toBeUndefined();
    expect(request.headers['x-wildcat-event']).toBe('message');
  });
});
