import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { screenshotter } from './support/screenshots.js';
import { apiClient } from './support/stack.js';

interface Stored {
  messageId: string;
  type: string;
  location?: unknown;
  contacts?: { name: string; phone?: string }[];
  poll?: { name: string; options: string[]; votes?: { option: string; count: number }[] };
}

// Location, contact cards and polls from the account page's forms, between two sandbox
// accounts of the shared console stack: each shows in the sender's chat and arrives typed at
// the recipient; votes change the poll's line live; what the recipient sends shows readably.
describe('console: send a location, contacts and a poll, and vote', () => {
  const stack = inject('consoleStack');
  const base = stack.gateways[0]?.url as string;
  const api = apiClient(base, stack.apiKey);
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let carolJid: string;
  let daveJid: string;
  const shot = screenshotter('types');
  const mine = (text: string) => page.locator('ol.message-list li.message.mine', { hasText: text });
  /** Dave's copy of the message of `type` Carol sent (the first found). */
  const atDave = async (type: string): Promise<Stored> => {
    let found: Stored | undefined;
    await expect
      .poll(async () => {
        const { json } = await api<{ messages: Stored[] }>(
          'GET',
          `/accounts/dave/chats/${carolJid}/messages?limit=100`,
        );
        found = json.messages.find((message) => message.type === type);
        return found !== undefined;
      })
      .toBe(true);
    return found as Stored;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail')
      await shot(page, `FAILED-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("pairs two accounts, opens Carol's page and the forms", async () => {
    const jids: string[] = [];
    for (const id of ['carol', 'dave']) {
      expect((await api('POST', '/accounts', { id, name: id === 'carol' ? 'Carol' : 'Dave' })).status).toBe(
        201,
      );
      await expect
        .poll(async () => (await api('POST', `/sandbox/accounts/${id}/scan`)).status, { timeout: 20_000 })
        .toBe(200);
      await expect
        .poll(async () => (await api<{ status: string }>('GET', `/accounts/${id}/status`)).json.status)
        .toBe('connected');
      jids.push((await api<{ jid: string }>('GET', `/accounts/${id}/status`)).json.jid);
    }
    [carolJid, daveJid] = jids as [string, string];
    await page.goto(`${base}/console/#/accounts`);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('link', { name: 'Carol', exact: true }).click();
    await page.getByRole('heading', { name: 'Carol (carol)', level: 1 }).waitFor();
    await page.getByLabel('To (phone number or JID)').fill(daveJid);
    await page.getByText('Send a location, contact or poll').click();
    await page.getByRole('button', { name: 'Send location' }).waitFor();
  });

  it('sends a location: shown with its map link, typed at the recipient; a bad one says what to fix', async () => {
    await page.getByLabel('Latitude').fill('48.8584');
    await page.getByRole('button', { name: 'Send location' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'longitude is required (a number of degrees)' })
      .waitFor();
    await page.getByLabel('Longitude').fill('2.2945');
    await page.getByLabel('Place name (optional)').fill('Eiffel Tower');
    await page.getByRole('button', { name: 'Send location' }).click();
    const line = mine('📍 Location: Eiffel Tower (48.85840, 2.29450)');
    await line.waitFor();
    expect(await line.getByRole('link', { name: 'Open map' }).getAttribute('href')).toContain('mlat=48.8584');
    expect((await atDave('location')).location).toEqual({
      latitude: 48.8584,
      longitude: 2.2945,
      name: 'Eiffel Tower',
    });
  });

  it('sends two contact cards', async () => {
    await page
      .getByLabel('Contacts (one per line: Name, +phone)')
      .fill('Ada Lovelace, +44 20 7946 0018\nSupport desk, +1 555 000 0003');
    await page.getByRole('button', { name: 'Send contact' }).click();
    await mine('👤 2 contacts: Ada Lovelace (+442079460018), Support desk (+15550000003)').waitFor();
    expect((await atDave('contact')).contacts?.map((card) => [card.name, card.phone])).toEqual([
      ['Ada Lovelace', '442079460018'],
      ['Support desk', '15550000003'],
    ]);
  });

  it('sends a poll; the recipient’s vote and our own change its tally live', async () => {
    await page.getByLabel('Question').fill('Lunch?');
    await page.getByLabel('Options (one per line)').fill('Pizza\nSalad\nSoup');
    await page.getByRole('button', { name: 'Send poll' }).click();
    const poll = mine('📊 Poll: Lunch? — Pizza · Salad · Soup (pick one)');
    await poll.waitFor();
    const received = await atDave('poll');
    expect(received.poll).toMatchObject({ name: 'Lunch?', options: ['Pizza', 'Salad', 'Soup'] });
    const messageId = (await poll.first().getAttribute('data-message-id')) as string;
    expect(received.messageId).toBe(messageId);

    const vote = await api('POST', '/accounts/dave/message/send/poll-vote', {
      to: carolJid,
      pollMessageId: messageId,
      options: ['Pizza'],
    });
    expect(vote.status).toBe(200);
    await mine('📊 Poll: Lunch? — Pizza (1) · Salad (0) · Soup (0) (pick one)').waitFor();
    page.once('dialog', (dialog) => void dialog.accept('Soup'));
    await page.locator(`li[data-message-id="${messageId}"]`).getByRole('button', { name: 'Vote' }).click();
    await page.getByRole('status').filter({ hasText: 'Voted Soup' }).waitFor();
    await mine('🗳 Voted: Soup').waitFor();
    await mine('📊 Poll: Lunch? — Pizza (1) · Salad (0) · Soup (1) (pick one)').waitFor();
    await shot(page, 'poll-voted');
  });

  it("shows what the other side sends: Dave's location, contact and poll arrive live", async () => {
    const send = async (route: string, body: object) =>
      expect(
        (await api('POST', `/accounts/dave/message/send/${route}`, { to: carolJid, ...body })).status,
      ).toBe(200);
    await send('location', {
      latitude: -33.8568,
      longitude: 151.2153,
      name: 'Opera House',
      address: 'Sydney',
    });
    await send('contact', { contacts: [{ name: 'Dave', phone: `+${daveJid.split('@')[0]}` }] });
    await send('poll', { name: 'Coffee?', options: ['Yes', 'No'], selectableCount: 2 });
    const theirs = (text: string) => page.locator('ol.message-list li.message.theirs', { hasText: text });
    await theirs('📍 Location: Opera House — Sydney (-33.85680, 151.21530)').waitFor();
    await theirs(`👤 Contact: Dave (+${daveJid.split('@')[0]})`).waitFor();
    await theirs('📊 Poll: Coffee? — Yes · No (pick up to 2)').waitFor();
    await shot(page, 'received-types');
  });
});
