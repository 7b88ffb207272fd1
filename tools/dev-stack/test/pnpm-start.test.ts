import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `pnpm start` as a newcomer runs it (issue 22 items 2, 5, 6, 11, 12b, 12c): keyless on request, its
// own Redis, ports bound not guessed, pending QR codes printed, one stack per data directory, and a Ctrl-C that stops the
// workers before Redis and devdb and exits 0 without failure text.
const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const MAIN = join(ROOT, 'tools/dev-stack/src/main.ts');
const FAILURE_TEXT = /ECONNREFUSED|lease lost|took too long|exited \(code [1-9]|ERROR|FATAL|ELIFECYCLE/;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): Started {
  const { REDIS_URL: _redis, API_KEYS: _keys, MONGODB_URL: _mongo, ...rest } = process.env;
  // Its own process group, so the test can signal it the way a terminal's Ctrl-C does.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...rest, WA_ENGINE: 'sandbox', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => text, exited };
}

async function until(probe: () => boolean, what: string, started: Started, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline || started.child.exitCode !== null)
      throw new Error(`${what} did not happen:\n${started.output()}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('pnpm start', () => {
  it('runs keyless on request with its own Redis, holds its data directory, and stops cleanly on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wc-start-'));
    dirs.push(dataDir);
    const first = startMain({ DATA_DIR: dataDir, API_KEYS: '' });
    try {
      await until(() => first.output().includes('WILDCAT is running'), 'the banner', first);
      const text = first.output();
      expect(text).toMatch(/Redis: redis:\/\/127\.0\.0\.1:\d+ \(started here/);
      expect(text).toContain('API key      NONE');
      const api = /API {10}(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      expect(api).toBeDefined();
      // The original server's clients send no key.
      const accounts = await fetch(`${api}/accounts`);
      expect(accounts.status).toBe(200);

      // A new account's QR shows up in the terminal, with the sandbox scan to copy.
      const created = await fetch(`${api}/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'newcomer' }),
      });
      expect(created.status).toBe(201);
      await until(
        () => first.output().includes('newcomer is waiting for a scan'),
        'the QR in the terminal',
        first,
      );
      expect(first.output()).toContain(`curl -X POST ${api}/sandbox/accounts/newcomer/scan`);

      // A second stack on the same data directory says who holds it and stops.
      const second = startMain({ DATA_DIR: dataDir, API_KEYS: '' });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`in use by another WILDCAT stack (pid ${first.child.pid})`);

      const before = first.output().length;
      const stopAt = Date.now();
      process.kill(-(first.child.pid as number), 'SIGINT');
      expect(await first.exited).toBe(0);
      const stopMs = Date.now() - stopAt;
      const shutdown = first.output().slice(before);
      expect(shutdown).toContain('stopped.');
      expect(shutdown).not.toMatch(FAILURE_TEXT);
      console.log(`pnpm start: Ctrl-C to exit 0 in ${stopMs} ms`);
    } finally {
      if (first.child.exitCode === null) process.kill(-(first.child.pid as number), 'SIGKILL');
    }
  }, 300_000);
});
