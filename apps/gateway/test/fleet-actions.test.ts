import { rebuildWebhookInterest, WEBHOOK_INTEREST_KEY } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAppWithWorker } from './helpers/build-test-app.js';

const { t, worker } = useAppWithWorker();
const PUBLIC_URL = 'https://93.184.216.34/hook';
const ids = Array.from({ length: 30 }, (_, index) => `bulk-${index}`);

beforeAll(async () => {
  for (const id of ids) await t.store.accounts.create({ id });
});

const act = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/fleet/accounts/actions', payload: payload as object });

describe('POST /fleet/accounts/actions', () => {
  it('disconnects a selection: each account wants it and its worker gets the job; unknown ids fail alone', async () => {
    const response = await act({ action: 'disconnect', accountIds: [...ids, 'no-such'] });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ ok: true, action: 'disconnect', succeeded: 30, failed: 1 });
    expect(body.results[0]).toEqual({ accountId: 'bulk-0', ok: true });
    expect(body.results[30]).toEqual({ accountId: 'no-such', ok: false, error: 'Account not found' });
    expect((await t.store.accounts.get('bulk-29'))?.desiredState).toBe('disconnected');
    await waitFor(
      () =>
        ids.every((id) => worker.controls.some((job) => job.accountId === id && job.action === 'disconnect')),
      { what: '30 disconnect jobs' },
    );
  });

  it('connects a selection', async () => {
    const body = (await act({ action: 'connect', accountIds: ids.slice(0, 3) })).json();
    expect(body).toMatchObject({ succeeded: 3, failed: 0 });
    expect((await t.store.accounts.get('bulk-2'))?.desiredState).toBe('connected');
    await waitFor(() =>
      worker.controls.some((job) => job.accountId === 'bulk-2' && job.action === 'connect'),
    );
  });

  it('sets one webhook on each account of a selection; again keeps the same subscriptions', async () => {
    // A built (empty) registry, as a webhook worker leaves it: only wanted events are queued.
    expect(await rebuildWebhookInterest(t.redis, async () => [])).toBe(true);
    const webhook = { url: PUBLIC_URL, events: ['message'] };
    const first = (await act({ action: 'set-webhook', accountIds: ids.slice(0, 20), webhook })).json();
    expect(first).toMatchObject({ succeeded: 20, failed: 0 });
    expect(first.results[5]).toMatchObject({ accountId: 'bulk-5', ok: true, created: true });
    const listed = await t.app.inject({ method: 'GET', url: '/accounts/bulk-5/webhooks' });
    expect(listed.json().webhooks).toEqual([
      expect.objectContaining({ id: first.results[5].webhookId, url: PUBLIC_URL, events: ['message'] }),
    ]);
    // Registered as wanted, so the session workers queue these accounts' message events for it.
    expect(await t.redis.sismember(WEBHOOK_INTEREST_KEY, 'bulk-19 message')).toBe(1);
    const again = (await act({ action: 'set-webhook', accountIds: ['bulk-5'], webhook })).json();
    expect(again.results[0]).toMatchObject({
      ok: true,
      created: false,
      webhookId: first.results[5].webhookId,
    });
  });

  it('refuses bad input with 400 and a message saying what to fix, changing nothing', async () => {
    for (const [payload, message] of [
      [
        { action: 'reboot', accountIds: ['bulk-0'] },
        'action must be one of connect, disconnect, set-webhook',
      ],
      [{ action: 'connect', accountIds: [] }, 'accountIds must name at least one account'],
      [{ action: 'connect', accountIds: ['a', 'a'] }, 'accountIds names an account twice'],
      [{ action: 'connect', accountIds: ['bad id'] }, 'accountIds must hold account ids'],
      [{ action: 'connect', accountIds: Array.from({ length: 1_001 }, (_, i) => `x${i}`) }, 'at most 1000'],
      [{ action: 'set-webhook', accountIds: ['bulk-0'] }, 'webhook is required with action set-webhook'],
      [{ action: 'connect', accountIds: ['bulk-0'], webhook: { url: PUBLIC_URL } }, 'allowed with it only'],
      [{ action: 'set-webhook', accountIds: ['bulk-0'], webhook: { url: 'ftp://x' } }, 'only http/https'],
      [
        { action: 'set-webhook', accountIds: ['bulk-25'], webhook: { url: 'http://127.0.0.1/h' } },
        'loopback',
      ],
      ['not json at all', ''],
    ] as const) {
      const response =
        typeof payload === 'string'
          ? await t.app.inject({
              method: 'POST',
              url: '/fleet/accounts/actions',
              headers: { 'content-type': 'application/json' },
              payload,
            })
          : await act(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.json().ok).toBe(false);
      expect(response.json().error).toContain(message);
    }
    const hooks = await t.app.inject({ method: 'GET', url: '/accounts/bulk-25/webhooks' });
    expect(hooks.json().webhooks).toEqual([]);
  });
});
