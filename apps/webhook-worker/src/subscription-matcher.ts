import { type WebhookDoc, type WebhooksRepository, wantsEvent } from '@wildcat/store';
import { BatchLoader } from './batch-loader.js';

export interface MatcherOptions {
  /** How long a read serves later events: the most a delete or disable elsewhere goes unseen. */
  ttlMs?: number;
  /** Clock difference allowed between the process that queued an event and this one. */
  skewMs?: number;
  now?: () => number;
}

interface Entry {
  hooks: WebhookDoc[];
  /** When the query that read them started. */
  readAt: number;
}

/**
 * The subscriptions an event goes to. A read serves an event only if it started after the event
 * was queued (plus a clock-skew margin), so a subscription created before an event always gets
 * it, exactly as a fresh query per event would; and only for `ttlMs`, so a delete or disable made
 * elsewhere stops deliveries within that (as WebhookCache does for the delivery jobs). Events
 * that find no usable read share one query for all their accounts. A backlog, whose events were
 * all queued before the first read, costs one query per account per `ttlMs` instead of one per
 * event.
 */
export function createSubscriptionMatcher(
  repository: Pick<WebhooksRepository, 'enabledFor'>,
  options: MatcherOptions = {},
) {
  const ttlMs = options.ttlMs ?? 1_000;
  const skewMs = options.skewMs ?? 100;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const loader = new BatchLoader<string, Entry>(async (accountIds) => {
    const readAt = now();
    const hooks = await repository.enabledFor(accountIds);
    const result = new Map<string, Entry>(accountIds.map((id) => [id, { hooks: [], readAt }]));
    for (const hook of hooks) {
      if (hook.accountId === null) for (const entry of result.values()) entry.hooks.push(hook);
      else result.get(hook.accountId)?.hooks.push(hook);
    }
    for (const [id, entry] of result) {
      const known = entries.get(id);
      if (!known || known.readAt <= entry.readAt) entries.set(id, entry);
    }
    return result;
  });
  let sweptAt = now();

  return {
    /** `queuedAt`: when the event was queued (its job's timestamp). */
    async matching(accountId: string, eventType: string, queuedAt: number): Promise<WebhookDoc[]> {
      const at = now();
      if (at - sweptAt > ttlMs) {
        // Accounts that stopped sending are dropped, so the map stays the size of the live set.
        for (const [id, entry] of entries) if (at - entry.readAt > ttlMs) entries.delete(id);
        sweptAt = at;
      }
      let entry = entries.get(accountId);
      if (!entry || entry.readAt < queuedAt + skewMs || at - entry.readAt > ttlMs)
        entry = await loader.get(accountId);
      return entry.hooks.filter((hook) => wantsEvent(hook, eventType));
    },
    /** Forgets every read, after this process disabled a subscription itself. */
    forget(): void {
      entries.clear();
    },
  };
}
