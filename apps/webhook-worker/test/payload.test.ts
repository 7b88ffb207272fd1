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
    ]);
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
