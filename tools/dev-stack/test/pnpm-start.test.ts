import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

type Answer = Record<string, unknown>;

/** JSON as axios sends an object; `form` as axios posts with no data (its default type). */
async function call(api: string, method: string, path: string, body?: unknown, form = false) {
  const headers: Record<string, string> = {
    'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
  };
  const response = await fetch(`${api}${path}`, {
    method,
    headers: method === 'GET' ? {} : headers,
    body: body === undefined ? (method === 'GET' ? undefined : '') : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

async function poll<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/**
 * The requests the original WILDCAT CLI (axios, no key) and the docs' Express auto-reply bot make,
 * against the keyless dev stack (issue 22 items 2, 3, 4 and 7).
 */
async function replayOriginalClients(api: string): Promise<void> {
  // The CLI: create, connect with axios' bodiless form post, read the raw QR, "scan", connected.
  expect((await call(api, 'POST', '/accounts', { id: 'cli', name: 'CLI Bot' })).status).toBe(201);
  const connect = await call(api, 'POST', '/accounts/cli/connect', undefined, true);
  expect(connect.status, JSON.stringify(connect.json)).toBeLessThan(300);
  await poll(async () => (await call(api, 'GET', '/accounts/cli/status')).json.qr || undefined, 'a QR');
  const scanned = await call(api, 'POST', '/sandbox/accounts/cli/scan', undefined, true);
  expect(scanned.status).toBe(200);
  const cliJid = String(scanned.json.jid);
  await poll(
    async () =>
      (await call(api, 'GET', '/accounts/cli/status')).json.status === 'connected' ? true : undefined,
    'cli connected',
  );

  // The bot: a local receiver (as n8n on localhost:5678) gets the flat payload and answers.
  const received: Answer[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(200).end('OK');
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  try {
    const port = (receiver.address() as AddressInfo).port;
    const hook = await call(api, 'POST', '/webhooks', { url: `http://localhost:${port}/webhook` });
    expect(hook.status, JSON.stringify(hook.json)).toBeLessThan(300);
    await call(api, 'POST', '/sandbox/accounts/newcomer/scan', undefined, true);
    await poll(
      async () =>
        (await call(api, 'GET', '/accounts/newcomer/status')).json.status === 'connected' ? true : undefined,
      'newcomer connected',
    );
    // A phone number as people write it, where the original wanted a JID.
    const phone = `+${cliJid.split('@')[0]}`;
    const sent = await call(api, 'POST', '/accounts/newcomer/message/send', {
      to: phone,
      message: 'hello bot',
    });
    expect(sent.json).toMatchObject({ ok: true });
    const inbound = await poll(
      async () => received.find((payload) => payload.accountId === 'cli' && payload.message === 'hello bot'),
      'the webhook',
    );
    expect(inbound).toMatchObject({ fromMe: false, type: 'text', chatId: inbound.from });
    const reply = await call(api, 'POST', '/accounts/cli/message/send', {
      to: inbound.from,
      message: `Echo: ${String(inbound.message)}`,
    });
    expect(reply.json).toMatchObject({ ok: true, messageId: expect.any(String) });
    const listed = await call(api, 'GET', '/messages?accountId=cli');
    expect((listed.json.messages as { text?: string }[]).map((message) => message.text)).toEqual(
      expect.arrayContaining(['hello bot', 'Echo: hello bot']),
    );
  } finally {
    receiver.close();
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

      await replayOriginalClients(api as string);

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
