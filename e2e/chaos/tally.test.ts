import { describe, expect, it } from 'vitest';
import type { SendRecord } from '../support/sends.js';
import { sendTextFor } from './send-lanes.js';
import { settled, tally } from './tally.js';

const accepted = (key: string, messageId: string, status = 200): SendRecord => ({
  key,
  accountId: 'a',
  to: 'b@s.whatsapp.net',
  text: sendTextFor(key),
  messageId,
  attempts: [
    { status: 'network', ms: 5 },
    { status, ms: 10 },
  ],
});
const recipients = new Map([['a', 'b']]);
const at = (messageId: string, key?: string) => ({
  accountId: 'b',
  messageId,
  ...(key ? { text: sendTextFor(key) } : {}),
});
const event = (eventId: string, messageId: string) => ({ eventId, accountId: 'b', messageId, fromMe: false });

// The soak's verdict comes from this count: it must see each kind of loss it claims to rule out.
describe('chaos tally', () => {
  it('counts a send stored once as delivered, and finds lost, twice-stored and re-numbered ones', () => {
    const result = tally(
      [accepted('k1', 'M1'), accepted('k2', 'M2', 202), accepted('k3', 'M3'), accepted('k4', 'M4')],
      recipients,
      [],
      [at('M1', 'k1'), at('M3', 'k3'), at('M3b', 'k3'), at('OTHER', 'k4')],
      [],
    );
    expect(result.sends).toMatchObject({
      accepted: 4,
      acceptedBy: { 200: 3, 202: 1 },
      delivered: 2,
      lost: ['k2 (M2)'],
      duplicated: ['k3'],
      wrongId: ['k4'],
      retriedBy: { network: 4 },
    });
    expect(settled(result)).toBe(false);
  });

  it('finds inbound messages lost or stored twice', () => {
    const injected = [
      { accountId: 'b', messageId: 'IN1' },
      { accountId: 'b', messageId: 'IN2' },
      { accountId: 'b', messageId: 'IN3' },
    ];
    const result = tally([], recipients, injected, [at('IN1'), at('IN3'), at('IN3')], []);
    expect(result.inbound).toEqual({ injected: 3, stored: 1, lost: ['b/IN2'], duplicated: ['b/IN3'] });
  });

  it('dedups webhook deliveries by event id and finds events lost, split or without a stored message', () => {
    const result = tally(
      [],
      recipients,
      [],
      [at('M1'), at('M2'), at('M3')],
      [event('e1', 'M1'), event('e1', 'M1'), event('e3', 'M3'), event('e3x', 'M3'), event('e9', 'M9')],
    );
    expect(result.webhooks).toEqual({
      expected: 3,
      delivered: 2,
      lost: ['b/M2'],
      splitEvents: ['b/M3'],
      unstored: ['b/M9'],
      redeliveries: 1,
    });
  });

  it('settles once every accepted send, injected message and expected event is there', () => {
    const result = tally([accepted('k1', 'M1')], recipients, [], [at('M1', 'k1')], [event('e1', 'M1')]);
    expect(settled(result)).toBe(true);
    expect(result.sends.delivered).toBe(1);
  });
});
