import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { startReceiver } from './support/receiver.js';
import { docsScreenshot, screenshotter } from './support/screenshots.js';
import { apiClient } from './support/stack.js';

interface Summary {
  accounts: { total: number; counts: Record<string, number> };
  alerts: { loggedOut: string[]; stuckReconnecting: string[] };
}
interface Workers {
  shards: number;
  workers: { workerId: string; alive: boolean; shards: number[] }[];
}

/** LEASE_TTL_MS's default: the longest a dead worker's shards may wait before they move. */
const FAILOVER_MS = 10_000;

// The fleet pages against the shared sandbox stack: the overview's numbers are the API's, an
// alert links to its fix, the pages work from the keyboard and at 390 px, and a killed session
// worker's shards move on the shard map by themselves.
describe('console: fleet overview, workers and shards', () => {
  const stack = inject('consoleStack');
  const base = stack.gateways[0]?.url as string;
  const api = apiClient(base, stack.apiKey);
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let failing: Awaited<ReturnType<typeof startReceiver>> | undefined;
  const shot = screenshotter('fleet');

  /** The shard map as the page shows it: shard number → worker name ('' = no owner). */
  const shownMap = () =>
    page
      .locator('ol.shard-map li')
      .evaluateAll((cells) =>
        Object.fromEntries(
          cells.map((cell) => [(cell as HTMLElement).dataset.shard, (cell as HTMLElement).dataset.worker]),
        ),
      );

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && !task.fails)
      await shot(page, `FAILED-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await failing?.close();
  });

  it('opens on the fleet overview, with the page marked in the navigation', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('heading', { name: 'Fleet overview', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Console pages' });
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Workers' }).getAttribute('aria-current')).toBeNull();
  });

  it('shows the same counts by status as GET /fleet/summary, and follows changes by itself', async () => {
    for (const id of ['fleet-1', 'fleet-2', 'fleet-3'])
      expect((await api('POST', '/accounts', { id })).status).toBe(201);
    const shown = () =>
      page
        .locator('strong.status-count')
        .evaluateAll((els) =>
          Object.fromEntries(
            els.map((el) => [(el as HTMLElement).dataset.status, Number((el as HTMLElement).dataset.count)]),
          ),
        );
    const fromApi = async () => (await api<Summary>('GET', '/fleet/summary')).json.accounts.counts;
    await expect
      .poll(async () => JSON.stringify(await shown()) === JSON.stringify(await fromApi()))
      .toBe(true);
    const total = (await api<Summary>('GET', '/fleet/summary')).json.accounts.total;
    expect(await page.locator('.fleet-total').getAttribute('data-total')).toBe(String(total));
    // One more connected account reaches the page without a reload.
    const connectedBefore = (await shown()).connected as number;
    await expect.poll(async () => (await api('POST', '/sandbox/accounts/fleet-1/scan')).status).toBe(200);
    await expect.poll(async () => (await shown()).connected).toBe(connectedBefore + 1);
  });

  it('lists a logged-out account at the top with a link to its page', async () => {
    await expect.poll(async () => (await api('POST', '/accounts/fleet-1/logout')).status).toBe(200);
    const link = page.locator('[data-alert="logged-out"] a[data-account="fleet-1"]');
    await link.waitFor();
    expect(await link.textContent()).toBe('Link again: fleet-1');
    await shot(page, 'overview');
    await link.click();
    await page.getByRole('heading', { name: 'fleet-1', level: 1 }).waitFor();
    await expect.poll(() => page.locator('#account-status').getAttribute('data-status')).toBe('logged_out');
    expect(
      await page
        .getByRole('navigation', { name: 'Console pages' })
        .getByRole('link', { name: 'Accounts' })
        .getAttribute('aria-current'),
    ).toBe('page');
  });

  it('charts the messages and webhook deliveries per second, and lists the failing webhook', async () => {
    // fleet-2 sends to fleet-3; fleet-3's webhook answers 500 to every delivery.
    failing = await startReceiver(Array.from({ length: 50 }, () => 500));
    for (const id of ['fleet-2', 'fleet-3'])
      await expect.poll(async () => (await api('POST', `/sandbox/accounts/${id}/scan`)).status).toBe(200);
    const hook = await api<{ webhook: { id: string } }>('POST', '/accounts/fleet-3/webhooks', {
      url: failing.url,
    });
    expect(hook.status).toBe(201);
    const to = (await api<{ jid: string }>('GET', '/accounts/fleet-3/status')).json.jid;
    for (let i = 0; i < 3; i++)
      expect(
        (await api('POST', '/accounts/fleet-2/message/send', { to, message: `hello ${i}` })).status,
      ).toBe(200);

    await page.goto(`${base}/console/#/`);
    await page.getByRole('heading', { name: 'Fleet overview', level: 1 }).waitFor();
    const shownTotal = (chart: string, series: string) =>
      page.locator(`#${chart} li[data-series="${series}"] strong`).getAttribute('data-total').then(Number);
    const apiTotals = async () => {
      const { json } = await api<{ series: Record<string, number[]> }>('GET', '/fleet/traffic');
      return Object.fromEntries(
        Object.entries(json.series).map(([name, values]) => [name, values.reduce((x, y) => x + y, 0)]),
      );
    };
    // The three sends and their arrival show up on the chart (the counts are fleet-wide: the
    // other test files' traffic may be in the window too), as the API counts them.
    await expect
      .poll(() => shownTotal('messages-chart', 'Sent'), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    await expect
      .poll(() => shownTotal('messages-chart', 'Received'), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    await expect
      .poll(() => shownTotal('deliveries-chart', 'Failed'), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    await expect
      .poll(async () => {
        const totals = await apiTotals();
        return (
          totals.sent === (await shownTotal('messages-chart', 'Sent')) &&
          totals.webhookFailed === (await shownTotal('deliveries-chart', 'Failed'))
        );
      })
      .toBe(true);
    expect(await page.locator('#messages-chart canvas').count()).toBeGreaterThan(0);
    // The failing webhook is listed with its account (a link to where its deliveries are).
    const row = page.locator(`tr[data-webhook="${hook.json.webhook.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByRole('link', { name: 'fleet-3' }).getAttribute('href')).toBe('#/accounts/fleet-3');
    expect(await row.locator('td').nth(1).textContent()).toBe('100%');
    expect(await row.locator('td[data-breaker]').getAttribute('data-breaker')).toMatch(
      /^(closed|open|half-open)$/,
    );
    await shot(page, 'overview-traffic');
    await docsScreenshot(page, 'console-overview');
  });

  it('reaches the workers page from the keyboard, focus on its heading', async () => {
    await page.goto(`${base}/console/#/`);
    await page.getByRole('heading', { name: 'Fleet overview', level: 1 }).waitFor();
    await page.locator('a.brand').focus();
    const stops: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
      expect(
        await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
      ).not.toBe('none');
    }
    expect(stops).toEqual(['Overview', 'Workers', 'Accounts']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Workers and shards', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');
  });

  it('shows each live worker with its shards, the same as GET /fleet/workers', async () => {
    const [first, second] = stack.sessionWorkers as { workerId: string; pid: number }[];
    // Both workers hold shards once the stack has balanced them.
    const owners = async () => {
      const { json } = await api<Workers>('GET', '/fleet/workers');
      return json.workers
        .filter((w) => w.alive && w.shards.length > 0)
        .map((w) => w.workerId)
        .sort();
    };
    await expect.poll(owners, { timeout: 30_000 }).toEqual([first?.workerId, second?.workerId].sort());
    const { json } = await api<Workers>('GET', '/fleet/workers');
    const expected: Record<string, string> = {};
    for (const worker of json.workers) for (const shard of worker.shards) expected[shard] = worker.workerId;
    await expect.poll(shownMap).toEqual(expected);
    for (const worker of json.workers.filter((w) => w.alive))
      expect(await page.locator(`tr[data-worker="${worker.workerId}"] td.shard-list`).textContent()).toBe(
        worker.shards.join(', '),
      );
    await shot(page, 'workers');
    await docsScreenshot(page, 'console-workers');
  });

  it('passes axe-core’s WCAG 2.1 A/AA checks on both pages, wide and narrow', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [hash, heading, ready] of [
        ['#/', 'Fleet overview', '#messages-chart canvas'],
        ['#/workers', 'Workers and shards', 'ol.shard-map li'],
      ] as const) {
        await page.goto(`${base}/console/${hash}`);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await page.locator(ready).first().waitFor();
        expect(await axeViolations(page), `${heading} at ${width} px`).toEqual([]);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('fits a 390 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [hash, heading] of [
      ['#/', 'Fleet overview'],
      ['#/workers', 'Workers and shards'],
    ] as const) {
      await page.goto(`${base}/console/${hash}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.locator('strong.status-count[data-count], ol.shard-map li').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), heading).toBeLessThanOrEqual(
        390,
      );
      await shot(page, `narrow-${hash.replace(/\W/g, '') || 'overview'}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('moves a killed worker’s shards on the map within the failover time', async () => {
    const [first, second] = stack.sessionWorkers as { workerId: string; pid: number }[];
    await page.goto(`${base}/console/#/workers`);
    await page.getByRole('heading', { name: 'Workers and shards', level: 1 }).waitFor();
    await expect.poll(async () => Object.values(await shownMap())).toContain(second?.workerId);
    const before = await shownMap();
    const moving = Object.keys(before).filter((shard) => before[shard] === second?.workerId);
    process.kill(second?.pid as number, 'SIGKILL');
    const killedAt = Date.now();
    // Every shard the dead worker held is shown on the survivor, with no reload of the page.
    await expect
      .poll(
        async () => {
          const map = await shownMap();
          return moving.every((shard) => map[shard] === first?.workerId);
        },
        { timeout: FAILOVER_MS + 5_000, interval: 200 },
      )
      .toBe(true);
    const seenAfterMs = Date.now() - killedAt;
    expect(seenAfterMs).toBeLessThan(FAILOVER_MS + 2_000);
    // The log under the map says where each moved shard went.
    for (const shard of moving)
      expect(
        await page.locator(`ol.shard-moves li[data-shard="${shard}"]`).first().getAttribute('data-to'),
      ).toBe(first?.workerId);
    await shot(page, 'after-failover');
    await docsScreenshot(page, 'console-shard-failover');
  });
});
