import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { startReceiver } from './support/receiver.js';
import { screenshotter } from './support/screenshots.js';
import { apiClient } from './support/stack.js';

// The operator's whole journey on the sandbox engine, one step per test, in order: the page is
// loaded once, and every change after that must reach it by itself (live events, no reload).
describe('console: link a number, chat and watch webhooks', () => {
  const stack = inject('consoleStack');
  const base = stack.gateways[0]?.url as string;
  const api = apiClient(base, stack.apiKey);
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let page: Page;
  let bobJid: string;
  const shot = screenshotter('flow');
  const status = () => page.locator('#account-status').getAttribute('data-status');
  const qrVersion = () => page.locator('img.qr').getAttribute('data-qr-version');
  const sameDocument = () =>
    page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument === true);

  beforeAll(async () => {
    // The first delivery is refused with 400 (dead-lettered at once), so the retry button has work.
    [receiver, browser] = await Promise.all([startReceiver([400]), launchChromium()]);
    page = await browser.context.newPage();
  });

  // A failed step leaves its picture too, to see what the page showed.
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && !task.fails)
      await shot(page, `FAILED-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('signs in and opens the live event stream', async () => {
    await page.goto(`${base}/console/#/accounts`);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await expect.poll(() => page.locator('#live-state').getAttribute('data-state')).toBe('live');
    await page.evaluate(() => {
      (window as { sameDocument?: boolean }).sameDocument = true;
    });
    await shot(page, 'signed-in');
  });

  it('opens Bull Board from its link with the sign-in (a session cookie, the key in no URL)', async () => {
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: 'Bull Board' }).click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${base}/admin/queues`);
    await expect.poll(() => tab.title()).toBe('WILDCAT queues');
    expect(await tab.content()).not.toContain('Unauthorized');
    await tab.close();
  });

  it('creates an account and shows its QR code as an image', async () => {
    await page.getByLabel('Account id').fill('alice');
    await page.getByLabel('Name (optional)').fill('Alice support');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Alice support (alice)', level: 1 }).waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.qr');
      return img !== null && !img.hidden && img.complete && img.naturalWidth > 100;
    });
    expect(await page.locator('img.qr').getAttribute('src')).toMatch(/^blob:/);
    await shot(page, 'qr');
  });

  it('asks for a pairing code, and the QR image follows the new QR by itself', async () => {
    const before = await qrVersion();
    await page.getByLabel('Phone number with country code').fill('+1 555 000 1234');
    await page.getByRole('button', { name: 'Get pairing code' }).click();
    // Asking for a code makes the sandbox show a new QR (as WhatsApp rotates it): account.qr.
    await expect.poll(qrVersion).not.toBe(before);
    // The gateway has answered: a code in the output, or an error in the alert.
    const pairForm = page.locator('form.pair-form');
    await expect.poll(() => pairForm.getAttribute('data-state')).toMatch(/^(code|error)$/);
    await shot(page, 'pairing-code');
  });

  it('shows the pairing code the worker got', async () => {
    await expect
      .poll(() => page.locator('output.pairing-code').textContent(), { timeout: 2_000 })
      .toMatch(/^[A-Z0-9]{8}$/);
  });

  it('turns "connected" without a reload when the phone scans', async () => {
    const scan = await api<{ jid: string }>('POST', '/sandbox/accounts/alice/scan');
    expect(scan.status).toBe(200);
    expect(scan.json.jid).toBe('15550001234@s.whatsapp.net');
    await expect.poll(status, { timeout: 20_000 }).toBe('connected');
    await page.getByText('Linked to +15550001234. This account is connected.').waitFor();
    expect(await page.locator('img.qr').isHidden()).toBe(true);
    expect(await sameDocument()).toBe(true);
    await shot(page, 'connected');
  });

  it('sends a message to a second account and shows it in the chat view', async () => {
    expect((await api('POST', '/accounts', { id: 'bob', name: 'Bob' })).status).toBe(201);
    await expect
      .poll(async () => (await api('POST', '/sandbox/accounts/bob/scan')).status, { timeout: 20_000 })
      .toBe(200);
    await expect
      .poll(
        async () => (await api<{ status: string; jid?: string }>('GET', '/accounts/bob/status')).json.status,
      )
      .toBe('connected');
    bobJid = (await api<{ jid: string }>('GET', '/accounts/bob/status')).json.jid;

    await page.getByLabel('To (phone number or JID)').fill(bobJid);
    await page.getByLabel('Message (caption when a file is attached)').fill('Hello Bob, from the console');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Sent (message id' }).waitFor();
    const chat = page.locator('ol.message-list li.message.mine', { hasText: 'Hello Bob, from the console' });
    await chat.waitFor();
    await page.locator(`button.chat-button[data-chat="${bobJid}"][aria-current="true"]`).waitFor();
    await shot(page, 'message-sent');
  });

  it('sends a file', async () => {
    await page.getByLabel('Message (caption when a file is attached)').fill('the invoice');
    await page.getByLabel('File (optional)').setInputFiles({
      name: 'invoice.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('WILDCAT invoice #1'),
    });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('ol.message-list li.message.mine', { hasText: 'invoice.txt' }).waitFor();
  });

  it('edits a sent message and forwards it from its buttons', async () => {
    const hello = page.locator('ol.message-list li.message.mine', { hasText: 'Hello Bob, from the console' });
    page.once('dialog', (dialog) => void dialog.accept('Hello Bob, edited in the console'));
    await hello.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('status').filter({ hasText: 'Message edited' }).waitFor();
    const edited = page.locator('ol.message-list li.message.mine', {
      hasText: 'Hello Bob, edited in the console',
    });
    await expect.poll(() => edited.first().textContent()).toContain('Edited');
    page.once('dialog', (dialog) => void dialog.accept(bobJid));
    await edited.first().getByRole('button', { name: 'Forward' }).click();
    await page.getByRole('status').filter({ hasText: 'Forwarded to' }).waitFor();
    await page
      .locator('ol.message-list li.message.mine', { hasText: 'Forwarded' })
      .filter({ hasText: 'Hello Bob, edited in the console' })
      .waitFor();
  });

  it('checks numbers: the second account is on WhatsApp, an unknown number is not', async () => {
    await page.getByLabel('Numbers (one per line, up to 50)').fill(`${bobJid}\n+1 999 000 0000`);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('+1 999 000 0000: not on WhatsApp').waitFor();
    expect(await page.locator('.number-results li').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^${bobJid}: on WhatsApp \\(`)),
      '+1 999 000 0000: not on WhatsApp',
    ]);
  });

  it("lists the account's groups with their members and shows the invite link", async () => {
    const created = await api<{ group: { id: string } }>('POST', '/accounts/alice/groups', {
      subject: 'Console team',
      participants: [bobJid],
    });
    expect(created.status).toBe(201);
    await page.getByRole('button', { name: 'Refresh groups' }).click();
    const group = page.locator('li.group', { hasText: 'Console team · 2 members' });
    await group.waitFor();
    await group.locator('summary').click();
    await group.getByRole('list', { name: 'Members of Console team' }).getByText('(superadmin)').waitFor();
    await group.getByRole('button', { name: 'Invite link' }).click();
    await group.getByText(/^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9_-]+$/).waitFor();
  });

  it('adds a webhook with an events filter and a secret', async () => {
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('message', { exact: true }).check();
    await page.getByLabel('Signing secret (optional)').fill('console-secret-123');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const hook = page.locator('li.webhook', { hasText: receiver.url });
    await hook.waitFor();
    await hook.getByText('Events: message · signed').waitFor();
    await hook.getByText('No deliveries yet.').waitFor();
    await shot(page, 'webhook-added');
  });

  it('shows an inbound message live and its delivery, then retries the refused delivery', async () => {
    const sent = await api('POST', '/accounts/bob/message/send', {
      to: '15550001234@s.whatsapp.net',
      message: 'Hi Alice, Bob here',
    });
    expect(sent.status).toBe(200);
    // The open chat picks the reply up from the live stream.
    await page.locator('ol.message-list li.message.theirs', { hasText: 'Hi Alice, Bob here' }).waitFor();
    // It arrived in the open chat: read at once, no unread count left (in the list and the API).
    const unread = async () =>
      (await api<{ chats: { unreadCount: number }[] }>('GET', '/accounts/alice/chats')).json.chats.map(
        (chat) => chat.unreadCount,
      );
    await expect.poll(async () => (await unread()).every((count) => count === 0)).toBe(true);
    await expect.poll(() => page.locator('.chat-button .unread').count()).toBe(0);
    // The receiver refused the first delivery (400): dead-lettered, shown with its answer.
    const row = page.locator('table.deliveries tbody tr[data-delivery]').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('dead');
    await row.getByText('HTTP 400').waitFor();
    await shot(page, 'delivery-dead');
    expect(receiver.received).toHaveLength(1);

    await row.getByRole('button', { name: /^Retry delivery of message/ }).click();
    await page.getByText('Delivery queued again').waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    const delivered = receiver.received[1];
    expect(delivered?.headers['x-wildcat-event']).toBe('message');
    expect(delivered?.headers['x-wildcat-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(delivered?.body ?? '{}')).toMatchObject({ type: 'message', accountId: 'alice' });
    // The table refreshes after the retry: delivered, with the 200.
    await page.getByRole('button', { name: 'Refresh deliveries' }).click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('delivered');
    expect(await sameDocument()).toBe(true);
    await shot(page, 'delivery-retried');
  });

  it('lists both accounts with live status, and reads well on a phone', async () => {
    await page.getByRole('link', { name: '← All accounts' }).click();
    await page.locator('tr[data-account="bob"] .badge[data-status="connected"]').waitFor();
    await page.locator('tr[data-account="alice"] .badge[data-status="connected"]').waitFor();
    await shot(page, 'accounts');
    await page.setViewportSize({ width: 390, height: 844 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(390);
    await shot(page, 'phone-accounts');
    await page.getByRole('link', { name: 'Alice support' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('ol.message-list li.message').first().waitFor();
    await page.locator('table.deliveries tbody tr[data-status="delivered"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-account');
    expect(await sameDocument()).toBe(true);
  });

  it('offers only the actions that make sense, and no stale notice or QR hint after Disconnect', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const visible = async () => {
      const names: string[] = [];
      for (const name of ['Connect', 'Disconnect', 'Log out'])
        if (await page.getByRole('button', { name, exact: true }).isVisible()) names.push(name);
      return names;
    };
    const notices = () => page.locator('.account-body > .notices [role="status"]').textContent();
    expect(await status()).toBe('connected');
    expect(await visible()).toEqual(['Disconnect', 'Log out']);
    await page.getByText('At least 8 characters.').first().waitFor(); // the webhook secret's minimum

    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(status).toBe('not_started');
    await expect.poll(visible).toEqual(['Connect', 'Log out']);
    const hint = page.locator('.qr-waiting');
    await expect.poll(() => hint.textContent()).toMatch(/no QR code needed/);
    expect(await hint.textContent()).not.toMatch(/to get a QR code/);
    await shot(page, 'disconnected');

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(status, { timeout: 20_000 }).toBe('connected');
    await expect.poll(visible).toEqual(['Disconnect', 'Log out']);
    await expect.poll(notices).not.toMatch(/Connecting/);

    // Log out asks first; Cancel keeps the session
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('button', { name: 'Really log out? The number must be linked again' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Log out', exact: true }).waitFor();
    expect(await status()).toBe('connected');
    expect(await sameDocument()).toBe(true);
  });
});
