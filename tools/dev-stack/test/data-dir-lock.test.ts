import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../src/index.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'wc-lock-'));

describe('lockDataDir', () => {
  it('refuses a data directory another live process holds, naming it', async () => {
    const dir = freshDir();
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'stack.lock'), `${other.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(`(pid ${other.pid})`);
      expect(() => lockDataDir(dir)).toThrow('DATA_DIR=<another folder>');
    } finally {
      other.kill();
    }
  });

  it('creates a data directory that does not exist yet', () => {
    const dir = join(freshDir(), 'data');
    lockDataDir(dir)();
    expect(existsSync(dir)).toBe(true);
  });

  it('takes over a lock its holder left behind when it died, and releases its own', async () => {
    const dir = freshDir();
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(join(dir, 'stack.lock'), `${dead.pid}\n`);
    const release = lockDataDir(dir);
    expect(existsSync(join(dir, 'stack.lock'))).toBe(true);
    release();
    expect(existsSync(join(dir, 'stack.lock'))).toBe(false);
    lockDataDir(dir)();
  });
});
