import { describe, expect, it } from 'vitest';
import { weakApiKeys } from '../src/services/auth/key-strength.js';

describe('production API_KEYS', () => {
  it('refuses placeholders and short keys, accepts random long ones', () => {
    expect(weakApiKeys(['change-me-development-only'])).toMatch(/1 placeholder or short key/);
    expect(weakApiKeys(['abc123'])).toMatch(/at least 32 characters/);
    expect(weakApiKeys(['x'.repeat(40)])).toBeDefined();
    expect(weakApiKeys(['Zq3v9KkLr2N8Wm1Pt6Yh0Bc4Xs7Dj5Fa-Gu_Ie'])).toBeUndefined();
  });
});
