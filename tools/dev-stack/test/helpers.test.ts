import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLogLine, readOrCreateApiKey } from '../src/index.js';

describe('formatLogLine', () => {
  it('shortens a pino line and keeps its fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 0, 1, 12, 0, 1),
      pid: 1,
      hostname: 'h',
      msg: 'slow',
      route: '/ping',
      ms: 12,
    });
    expect(formatLogLine(line)).toBe('12:00:01 WARN slow route=/ping ms=12');
  });

  it('passes other lines through untouched', () => {
    expect(formatLogLine('devdb: listening')).toBe('devdb: listening');
    expect(formatLogLine('{not json')).toBe('{not json');
  });
});

describe('readOrCreateApiKey', () => {
  it('creates a private key file once and reads the same key back', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wc-key-')), 'sub', 'api-key');
    const key = readOrCreateApiKey(path);
    expect(key).toMatch(/^wc_[A-Za-z0-9_-]{32}$/);
    expect(readOrCreateApiKey(path)).toBe(key);
    expect(readFileSync(path, 'utf8').trim()).toBe(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
