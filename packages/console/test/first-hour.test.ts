import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';

// Issue 22's first hour, as a newcomer lives it: a fresh clone, the README's two commands
// (`pnpm install`, then `pnpm start` on the sandbox), and the console in a browser — no manual
// build, no restart, no header-injecting extension.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let workdir: string | undefined;
let stack: ChildProcess | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

afterAll(async () => {
  await browser?.close();
  if (stack?.pid && stack.exitCode === null) {
    process.kill(-stack.pid, 'SIGINT');
    await new Promise((done) => stack?.once('exit', done));
  }
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

describe('the first hour on a fresh clone', () => {
  it('README commands, then the console: sign in, create, scan, send, delivered, Bull Board', async () => {
    workdir = mkdtempSync(join(tmpdir(), 'wildcat-first-hour-'));
    const clone = join(workdir, 'wildcat');
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
    execFileSync('pnpm', ['install'], { cwd: clone, stdio: 'ignore', env: { ...process.env, CI: 'true' } });

    const { REDIS_URL: _r, MONGODB_URL: _m, API_KEYS: _k, ...env } = process.env;
    stack = spawn('pnpm', ['start'], {
      cwd: clone,
      env: { ...env, WA_ENGINE: 'sandbox', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    stack.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    stack.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 240_000;
    while (!output.includes('WILDCAT is running')) {
      if (stack.exitCode !== null || Date.now() > deadline)
        throw new Error(`pnpm start did not come up:\n${output}`);
      await new Promise((done) => setTimeout(done, 250));
    }
    const api = /API {10}(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] as string;
    const key = readFileSync(join(clone, 'data', 'api-key'), 'utf8').trim();

    browser = await launchChromium();
    const page = await browser.context.newPage();
    await page.goto(`${api}/console/#/accounts`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();

    await page.getByLabel('Account id').fill('first');
    await page.getByLabel('Name (optional)').fill('First');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'First (first)', level: 1 }).waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.qr');
      return img !== null && !img.hidden && img.complete && img.naturalWidth > 100;
    });
    // The sandbox "phone" scans the QR the page shows.
    const scan = await fetch(`${api}/sandbox/accounts/first/scan`, {
      method: 'POST',
      headers: { 'X-API-Key': key },
    });
    expect(scan.status).toBe(200);
    await expect
      .poll(() => page.locator('#account-status').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('connected');

    // A number outside the sandbox: "the other phone" acknowledges it as delivered.
    await page.getByLabel('To (phone number or JID)').fill('+1 555 123 0000');
    await page.getByLabel('Message (caption when a file is attached)').fill('my first message');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Sent (message id' }).waitFor();
    const mine = page.locator('ol.message-list li.message.mine', { hasText: 'my first message' });
    await mine.waitFor();
    await expect
      .poll(
        async () => {
          await page.locator('button.chat-button[data-chat="15551230000@s.whatsapp.net"]').click();
          return mine.locator('.message-meta').textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain('delivered');

    // Bull Board from the console's link, on the sign-in alone (no key in a URL, no extension).
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: 'Bull Board' }).click(),
    ]);
    await tab.waitForLoadState();
    await expect.poll(() => tab.title()).toBe('WILDCAT queues');
    expect(await tab.content()).not.toContain('Unauthorized');
  }, 600_000);
});
