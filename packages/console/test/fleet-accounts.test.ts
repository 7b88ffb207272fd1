import { fileURLToPath } from 'node:url';
import { type RunningStack, startStack } from '@wildcat/dev-stack';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { docsScreenshot, screenshotter } from './support/screenshots.js';
import { apiClient } from './support/stack.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ACCOUNTS = 10_000;
/** Requests in flight while seeding: enough to keep the gateway busy, not to queue in the kernel. */
const SEED_PARALLEL = 48;
const id = (index: number) => `shop-${String(index).padStart(5, '0')}`;

interface FleetPage {
  total: number;
  accounts: { _id: string; fleetStatus: string }[];
}

// The accounts table at fleet size, on its own stack (10,000 live sandbox sessions would slow the
// shared stack's other tests): seeded through the API, then the numbers the overview and the
// table show are compared with the API's, through search, paging, sort, status filter and a bulk
// action confirmed by its count.
describe('console: the accounts table with 10,000 accounts', () => {
  let stack: RunningStack;
  let base: string;
  let api: ReturnType<typeof apiClient>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const shot = screenshotter('accounts');
  const started = Date.now();

  const apiPage = async (query: string) => (await api<FleetPage>('GET', `/fleet/accounts?${query}`)).json;
  const shownTotal = async () => Number(await page.locator('.accounts-range').getAttribute('data-total'));
  const shownIds = () =>
    page
      .locator('tr[data-account]')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.account as string));
  /** Waits for the table to show what the API answers for the same query (one settled render). */
  const expectTableMatches = async (query: string) => {
    const expected = await apiPage(query);
    await expect.poll(shownTotal).toBe(expected.total);
    await expect.poll(shownIds).toEqual(expected.accounts.map((account) => account._id));
    return expected;
  };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({
        root: ROOT,
        engine: 'sandbox',
        gateways: 1,
        sessionWorkers: 2,
        webhookWorkers: 0,
        output: null,
        progress: () => {},
        healthTimeoutMs: 150_000,
        // One key creating 10,000 accounts in a minute is over the default per-key limit (6,000/min).
        env: { LOG_LEVEL: 'warn', SHARDS: '4', RATE_LIMIT_MAX: '0' },
      }),
      launchChromium(),
    ]);
    base = stack.gateways[0]?.url as string;
    api = apiClient(base, stack.apiKey);
    page = await browser.context.newPage();
    console.log(`accounts test: stack and browser up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && !task.fails && page)
      await shot(page, `FAILED-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    console.log(`accounts test: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });

  it('seeds 10,000 sandbox accounts through the API, many requests at once', async () => {
    const t0 = Date.now();
    let next = 0;
    const refused: string[] = [];
    await Promise.all(
      Array.from({ length: SEED_PARALLEL }, async () => {
        while (next < ACCOUNTS) {
          const index = next++;
          const answer = await api('POST', '/accounts', { id: id(index), name: `Shop ${index}` });
          if (answer.status !== 201) refused.push(`${id(index)}: ${answer.status} ${answer.json.error}`);
        }
      }),
    );
    console.log(`accounts test: 10,000 accounts created in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(refused).toEqual([]);
    expect((await apiPage('limit=1')).total).toBe(ACCOUNTS);
  });

  it('shows the fleet total on the overview as the API counts it', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('heading', { name: 'Fleet overview', level: 1 }).waitFor();
    const summary = (await api<{ accounts: { total: number } }>('GET', '/fleet/summary')).json;
    expect(summary.accounts.total).toBe(ACCOUNTS);
    await expect.poll(() => page.locator('.fleet-total').getAttribute('data-total')).toBe(String(ACCOUNTS));
  });

  it('opens the accounts table on its first page of 50, newest first, as the API pages it', async () => {
    await page
      .getByRole('navigation', { name: 'Console pages' })
      .getByRole('link', { name: 'Accounts' })
      .click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await expectTableMatches('sort=-createdAt&limit=50&offset=0');
    expect(await page.locator('.accounts-range').textContent()).toBe('Showing 1–50 of 10,000 accounts');
    expect(await page.locator('.page-of').textContent()).toBe('Page 1 of 200');
  });

  it('searches by name on the server and pages through the matches', async () => {
    // "Shop 99" starts the names of 99, 990-999 and 9900-9999: 111 accounts, three pages.
    await page.getByLabel('Search').fill('Shop 99');
    await page.getByLabel('Sort by').selectOption('name');
    await expectTableMatches(`q=${encodeURIComponent('Shop 99')}&sort=name&limit=50&offset=0`);
    expect(await shownTotal()).toBe(111);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectTableMatches(`q=${encodeURIComponent('Shop 99')}&sort=name&limit=50&offset=50`);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectTableMatches(`q=${encodeURIComponent('Shop 99')}&sort=name&limit=50&offset=100`);
    expect(await page.locator('.accounts-range').textContent()).toBe('Showing 101–111 of 111 accounts');
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    // The view is in the address: a reload shows the same page.
    expect(new URL(page.url()).hash).toBe('#/accounts?q=Shop+99&sort=name&page=3');
    await page.reload();
    await expectTableMatches(`q=${encodeURIComponent('Shop 99')}&sort=name&limit=50&offset=100`);
  });

  it('searches by id prefix and sorts descending', async () => {
    await page.getByLabel('Search').fill('shop-012');
    await page.getByLabel('Sort by').selectOption('-id');
    const answer = await expectTableMatches('q=shop-012&sort=-id&limit=50&offset=0');
    expect(answer.total).toBe(100);
    expect((await shownIds())[0]).toBe(id(1299));
  });

  it('filters by live status as the API does, once the sessions have settled', async () => {
    // The first ten accounts were queued first: their sessions wait for a QR scan soon.
    await page.getByLabel('Search').fill('shop-0000');
    await page.getByLabel('Sort by').selectOption('id');
    await expect
      .poll(async () => (await apiPage('q=shop-0000&status=needs_qr')).total, { timeout: 90_000 })
      .toBe(10);
    await page.getByLabel('Status').selectOption('needs_qr');
    await expectTableMatches('q=shop-0000&status=needs_qr&sort=id&limit=50&offset=0');
    expect(await page.locator('tr[data-account] .badge[data-status="needs_qr"]').count()).toBe(10);
  });

  it('finds the five paired accounts among 10,000 by the Connected filter, and one by its number', async () => {
    // The sandbox phone scans five QR codes (a 504 only means the scan job is still queued).
    const paired = [5, 6, 7, 8, 9].map(id);
    await Promise.all(paired.map((account) => api('POST', `/sandbox/accounts/${account}/scan`, {})));
    await expect.poll(async () => (await apiPage('status=connected')).total, { timeout: 90_000 }).toBe(5);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Status').selectOption('connected');
    const connected = await expectTableMatches('status=connected&sort=id&limit=50&offset=0');
    expect(connected.accounts.map((account) => account._id)).toEqual(paired);
    const phone = (
      await api<{ account: { jid: string } }>('GET', `/accounts/${id(7)}`)
    ).json.account.jid.split('@')[0];
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Search').fill(`+${phone}`);
    await expectTableMatches(`q=${encodeURIComponent(`+${phone}`)}&sort=id&limit=50&offset=0`);
    expect(await shownIds()).toEqual([id(7)]);
  });

  it('disconnects a selection after a confirmation naming the count', async () => {
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Status').selectOption('connected');
    await expectTableMatches('status=connected&sort=id&limit=50&offset=0');
    for (const index of [5, 6, 7]) await page.getByLabel(`Select ${id(index)}`, { exact: true }).check();
    expect(await page.locator('.bulk-count').textContent()).toBe('3 accounts selected');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect 3 accounts?' }).waitFor();
    await shot(page, 'confirm-disconnect');
    await dialog.getByRole('button', { name: 'Disconnect 3 accounts' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'queued' }).textContent())
      .toBe('Disconnect queued for 3 accounts.');
    expect(await page.locator('.bulk-count').textContent()).toBe('No accounts selected');
    // Each worker drops its session: three of the five leave "Connected".
    await expect.poll(async () => (await apiPage('status=connected')).total, { timeout: 90_000 }).toBe(2);
    await page.getByLabel('Status').selectOption('not_started');
    await page.getByLabel('Status').selectOption('connected');
    await expectTableMatches('status=connected&sort=id&limit=50&offset=0');
    expect(await shownIds()).toEqual([id(8), id(9)]);
    await page.getByLabel('Status').selectOption('not_started');
    await page.getByLabel('Search').fill(id(6));
    await expectTableMatches(`q=${id(6)}&status=not_started&sort=id&limit=50&offset=0`);
    await page.getByRole('link', { name: 'Shop 6', exact: true }).click();
    await page.getByRole('heading', { name: `Shop 6 (${id(6)})`, level: 1 }).waitFor();
    await expect.poll(() => page.locator('#account-status').getAttribute('data-status')).toBe('not_started');
  });

  it('fits a 390 px screen, passes axe-core’s WCAG 2.1 A/AA checks, and is pictured for the README', async () => {
    await page.goto(`${base}/console/#/accounts?sort=id&size=25`);
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await expectTableMatches('sort=id&limit=25&offset=0');
    await page.getByLabel(`Select ${id(3)}`, { exact: true }).check();
    await page.getByLabel(`Select ${id(4)}`, { exact: true }).check();
    expect(await axeViolations(page), 'accounts at 1280 px').toEqual([]);
    await docsScreenshot(page, 'console-accounts');
    await page.getByRole('button', { name: 'Set webhook' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Set a webhook on 2 accounts?' }).waitFor();
    expect(await axeViolations(page), 'the confirmation dialog').toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page), 'accounts at 390 px').toEqual([]);
    await shot(page, 'phone');
  });
});
