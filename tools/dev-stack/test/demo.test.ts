import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `pnpm demo` piped into a file or a CI log (issue 22 item 13): no escape codes, every printed
// curl pasteable (the image file exists), nothing left in the temporary folder.
const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const stackDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('wildcat-stack-')));

describe('pnpm demo', () => {
  it('runs to the end without a terminal: plain text, real files, no leftovers', async () => {
    const before = stackDirs();
    const { NO_COLOR: _noColor, ...env } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/dev-stack/src/demo.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code, output).toBe(0);
    expect(output).toContain('Done.');
    expect(output).not.toContain('\x1b[');
    const upload = /-F "image=@([^"]+)"/.exec(output)?.[1];
    expect(upload).toBeDefined();
    expect(existsSync(upload as string)).toBe(true);
    const left = [...stackDirs()].filter((name) => !before.has(name));
    expect(left.map((name) => join(tmpdir(), name))).toEqual([]);
  }, 300_000);
});
