import type { RunningStack } from '@wildcat/dev-stack';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { screenshotter } from './support/screenshots.js';
import { startConsoleStack } from './support/stack.js';

describe('console: serving, bad key and gateway down', () => {
  let stack: RunningStack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const shot = screenshotter('errors');

  beforeAll(async () => {
    stack = await startConsoleStack();
    base = stack.gateways[0]?.url as string;
    browser = await launchChromium();
    context = browser.context;
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
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
    expect((await script.arrayBuffer()).byteLength).toBeLessThan(100_000);
    expect((await fetch(`${base}/console/nope.js`)).status).toBe(404);
    // The API itself still needs the key.
    expect((await fetch(`${base}/accounts`)).status).toBe(401);
  });

  it('says "That API key was refused" for a wrong key, and keeps it out of the URL', async () => {
    await page.goto(`${base}/console`);
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
    // After a page change focus sits on the page heading; Tab walks the form in reading order.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const order: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement;
          return (el.labels?.[0]?.textContent ?? el.textContent ?? '').trim();
        }),
      );
    }
    expect(order).toEqual(['Account id', 'Name (optional)', 'Create account']);
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(ring).not.toBe('none');
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

  it('says "Cannot reach the gateway — is it running?" when the gateway is down', async () => {
    await stack.gateways[0]?.process.stop();
    await page.getByLabel('Account id').fill('after-the-fall');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Cannot reach the gateway — is it running?');
    await shot(page, 'gateway-down');
  });
});
