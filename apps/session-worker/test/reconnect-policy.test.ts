import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, decideReconnect } from '../src/sessions/reconnect-policy.js';

const ctx = { attempts: 0, awaitingScan: false };
const policy = { ...DEFAULT_POLICY, random: () => 0.5 };

describe('reconnect policy table', () => {
  it('maps each code to its action', () => {
    expect(decideReconnect({ code: 515, wasOpen: true }, ctx, policy)).toMatchObject({
      action: 'reconnect',
      delayMs: 0,
    });
    expect(decideReconnect({ code: 401, wasOpen: true }, ctx, policy)).toMatchObject({
      action: 'stop',
      status: 'logged_out',
      wipeCreds: true,
    });
    expect(decideReconnect({ code: 440, wasOpen: true }, ctx, policy)).toMatchObject({
      action: 'stop',
      status: 'not_started',
      wipeCreds: false,
    });
    expect(decideReconnect({ code: 403, wasOpen: true }, ctx, policy)).toMatchObject({
      action: 'stop',
      alert: true,
    });
    expect(decideReconnect({ code: 405, wasOpen: true }, ctx, policy)).toMatchObject({
      action: 'reconnect',
      refreshVersion: true,
    });
    expect(
      decideReconnect({ code: 408, wasOpen: false }, { attempts: 0, awaitingScan: true }, policy),
    ).toMatchObject({ action: 'stop', status: 'not_started' });
    expect(decideReconnect({ code: 408, wasOpen: true }, ctx, policy)).toMatchObject({ action: 'reconnect' });
    for (const code of [428, 500, 503, 999])
      expect(decideReconnect({ code, wasOpen: true }, ctx, policy).action).toBe('reconnect');
  });

  it('401 for stored creds the engine cannot use: stop, wipe, logged_out, and the status says why', () => {
    const reason = 'stored credentials are unusable by the Baileys engine: noiseKey missing or invalid';
    expect(decideReconnect({ code: 401, wasOpen: false, reason }, ctx, policy)).toEqual({
      action: 'stop',
      status: 'logged_out',
      wipeCreds: true,
      desiredState: 'logged_out',
      alert: false,
      reason: `401 logged out: ${reason}`,
    });
  });

  it('backs off exponentially with jitter up to the cap, then opens the breaker', () => {
    const delay = (attempts: number) => {
      const decision = decideReconnect(
        { code: 428, wasOpen: true },
        { attempts, awaitingScan: false },
        policy,
      );
      return decision.action === 'reconnect' ? decision.delayMs : -1;
    };
    expect(delay(0)).toBe(750);
    expect(delay(1)).toBe(1_500);
    expect(delay(10 - 3)).toBe(60_000 * 0.75);
    const open = decideReconnect({ code: 503, wasOpen: true }, { attempts: 8, awaitingScan: false }, policy);
    expect(open).toMatchObject({ action: 'reconnect', delayMs: DEFAULT_POLICY.breakerPauseMs });
  });
});
