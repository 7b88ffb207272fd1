import { describe, expect, it } from 'vitest';
import { allQueueNames, isJid, queuePrefix, sendJobSchema, shardOf, toUserJid } from '../src/index.js';

describe('shards and queues', () => {
  it('maps an account to the same shard every time, spread over all shards', () => {
    expect(shardOf('mybot', 32)).toBe(shardOf('mybot', 32));
    const used = new Set(Array.from({ length: 2_000 }, (_, i) => shardOf(`acct-${i}`, 32)));
    expect(used.size).toBe(32);
  });

  it('names every queue once, with a hash-tagged prefix and no colon in the name', () => {
    const names = allQueueNames(4);
    expect(names).toEqual([
      'events',
      'webhook-deliveries',
      'send-00',
      'control-00',
      'send-01',
      'control-01',
      'send-02',
      'control-02',
      'send-03',
      'control-03',
    ]);
    expect(names.every((name) => !name.includes(':'))).toBe(true);
    expect(queuePrefix('send-07')).toBe('wc:{send-07}');
  });
});

describe('JIDs', () => {
  it.each([
    '919876543210@s.whatsapp.net',
    '123456789-1234567890@g.us',
    '120363025246125486@g.us',
    '1234567890@broadcast',
    'status@broadcast',
    '123456789012345@lid',
  ])('accepts %s', (jid) => expect(isJid(jid)).toBe(true));

  it.each([
    '',
    'bob',
    '919876543210',
    '91987@s.whatsapp.net.evil',
    'abc@s.whatsapp.net',
    '1@g.us@g.us',
    '../x@lid',
  ])('rejects %j', (jid) => expect(isJid(jid)).toBe(false));
});

describe('send job schema', () => {
  it('rejects a payload that carries no messageId', () => {
    const result = sendJobSchema.safeParse({
      kind: 'text',
      accountId: 'a',
      to: '12345@s.whatsapp.net',
      text: 'x',
      acceptedAt: 1,
    });
    expect(result.success).toBe(false);
  });
});

describe('toUserJid', () => {
  it('takes a phone number in any common form as its user JID', () => {
    for (const input of ['+1 555-000-0002', '15550000002', '(1) 555.000.0002', '+15550000002'])
      expect(toUserJid(input)).toBe('15550000002@s.whatsapp.net');
    expect(toUserJid('+91 98765 43210')).toBe('919876543210@s.whatsapp.net');
  });

  it('leaves JIDs and what is no phone number as they came', () => {
    for (const input of ['15550000002@s.whatsapp.net', '120363@g.us', '12345', 'hello', '+1 (555)'])
      expect(toUserJid(input)).toBe(input);
  });
});
