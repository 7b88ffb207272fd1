import { withWebhookInterest } from '@wildcat/redis-bus';
import { type Store, type WebhookDoc, wantedEventTypes } from '@wildcat/store';
import type { Redis } from 'ioredis';

/** What a per-account subscription asks for, as the API takes it. */
export interface SubscribeInput {
  url: string;
  events?: string[];
  secret?: string;
  headers?: Record<string, string>;
  format?: 'envelope' | 'flat';
}

interface Wanted {
  format: WebhookDoc['format'];
  events: string[] | null;
  secret?: string;
  headers?: Record<string, string>;
}

function sameSettings(hook: WebhookDoc, wanted: Wanted): boolean {
  const sorted = (list: string[] | null) => (list ? [...list].sort().join(',') : null);
  const headers = (value?: Record<string, string>) => JSON.stringify(Object.entries(value ?? {}).sort());
  return (
    hook.format === wanted.format &&
    sorted(hook.events) === sorted(wanted.events) &&
    (hook.secret ?? undefined) === wanted.secret &&
    headers(hook.headers) === headers(wanted.headers)
  );
}

/**
 * Subscribes one account to a URL (the URL already checked against the SSRF policy). The same URL
 * with the same settings keeps the existing subscription (`created: false`); with other settings,
 * or after a 410 disabled it, the subscription is replaced (a new id).
 */
export async function subscribeAccountWebhook(
  deps: { store: Store; redis: Redis },
  accountId: string,
  body: SubscribeInput,
): Promise<{ webhook: WebhookDoc; created: boolean }> {
  // `flat` is the reference's own payload, which global subscriptions get as format `seed`.
  const wanted: Wanted = {
    format: body.format === 'flat' ? 'seed' : 'envelope',
    events: body.events ?? null,
    secret: body.secret,
    headers: body.headers,
  };
  const input = { accountId, url: body.url, ...wanted };
  const { store } = deps;
  // Registered around the write, so its events are queued for it from the answer on.
  const interest = { accountId, types: wantedEventTypes(wanted) };
  return withWebhookInterest(deps.redis, interest, async () => {
    const found = await store.webhooks.createOrGet(input);
    if (found.created || (found.webhook.enabled && sameSettings(found.webhook, wanted))) return found;
    await store.webhooks.remove(found.webhook._id.toHexString());
    return store.webhooks.createOrGet(input);
  });
}
