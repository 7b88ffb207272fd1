import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { screenshotter } from './support/screenshots.js';

describe('console: serving, bad key and gateway down', () => {
  // The second gateway of the shared stack: this file takes it down at the end.
  const stack = inject('consoleStack');
  const gateway = stack.gateways[1] as { url: string; pid: number };
  const base = gateway.url;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const shot = screenshotter('errors');

  beforeAll(async () => {
    browser = await launchChromium();
    context = browser.context;
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('serves the page at /console and /console/ without a key, under a strict CSP', async () => {
    for (const path of ['/console', '/console/']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await response.text();
      expect(html).toContain('<script type="module" src="/console/app.js">');
      expect(html).not.toMatch(/<script>(?!<)/);
    }
    const script = await fetch(`${base}/console/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    // One small bundle: our code and the uPlot chart library (about 50 kB of it).
    expect((await script.arrayBuffer()).byteLength).toBeLessThan(150_000);
    expect((await fetch(`${base}/console/nope.js`)).status).toBe(404);
    // Browsers ask for an icon on every page: no 401 for it.
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(204);
    // The API itself still needs the key.
    expect((await fetch(`${base}/accounts`)).status).toBe(401);
  });

  it('says "That API key was refused" for a wrong key, and keeps it out of the URL', async () => {
    await page.goto(`${base}/console/#/accounts`);
    // the hint names both places a key comes from
    await page.getByText('API_KEYS, or with pnpm start the key in ./data/api-key').waitFor();
    await page.getByLabel('API key').fill('wc_not_the_right_key');
    await page.getByRole('button', { name: 'Open console' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('That API key was refused');
    expect(page.url()).not.toContain('wc_not_the_right_key');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await shot(page, 'bad-key');
  });

  it('signs in with the right key, keeps it in sessionStorage only', async () => {
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    expect(page.url()).not.toContain(stack.apiKey);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([stack.apiKey]);
    expect(await page.evaluate(() => localStorage.length + document.cookie.length)).toBe(0);
    await shot(page, 'signed-in');
  });

  it('works from the keyboard alone, with a visible focus ring', async () => {
    // After a page change focus sits on the page heading; Tab then walks the page in reading
    // order (the table's filters, its select-all box, each row's box and link, then the form;
    // bulk actions and the pager are disabled with nothing selected and one page), every stop ringed.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.locator('.accounts-range[data-total]').waitFor();
    const ids = await page
      .locator('tr[data-account]')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.account as string));
    const listed = await page.locator('a.account-link').allTextContents();
    const expected = [
      'Search',
      'Status',
      'Sort by',
      'Page size',
      'Select all accounts on this page',
      ...ids.flatMap((id, index) => [`Select ${id}`, listed[index] as string]),
      'Account id',
      'Name (optional)',
      'Create account',
    ];
    const order: string[] = [];
    for (const _ of expected) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement;
        return {
          name: (el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '').trim(),
          ring: getComputedStyle(el).outlineStyle,
        };
      });
      expect(stop.ring, `focus ring on ${stop.name}`).not.toBe('none');
      order.push(stop.name);
    }
    expect(order).toEqual(expected);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('keyboard-only');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'keyboard-only', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    await shot(page, 'keyboard-created');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('← All accounts');
    await page.goBack();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  });

  it('shows only "Account not found" for an account that does not exist', async () => {
    await page.goto(`${base}/console/#/accounts/nobody`);
    await page.getByRole('heading', { name: 'Account not found', level: 1 }).waitFor();
    await page.getByText('There is no account “nobody”.').waitFor();
    for (const name of ['Connect', 'Disconnect', 'Log out', 'Delete account'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await page.getByRole('heading', { name: 'Link a number' }).count()).toBe(0);
    expect(await page.locator('#account-status').count()).toBe(0);
    await shot(page, 'account-not-found');
    await page.goto(`${base}/console/#/accounts`);
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  });

  it('says "Cannot reach the gateway — is it running?" when the gateway is down', async () => {
    // A real outage: the gateway process ends (the stack's teardown copes with it being gone).
    process.kill(gateway.pid, 'SIGTERM');
    await expect
      .poll(() =>
        fetch(`${base}/ping`).then(
          () => 'up',
          () => 'down',
        ),
      )
      .toBe('down');
    await page.getByLabel('Account id').fill('after-the-fall');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Cannot reach the gateway — is it running?');
    await shot(page, 'gateway-down');
  });
});
