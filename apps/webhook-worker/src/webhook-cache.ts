import type { WebhookDoc, WebhooksRepository } from '@wildcat/store';

export interface WebhookCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Subscriptions by id for a few seconds, so a burst of deliveries to one subscription reads
 * MongoDB once. A change made elsewhere (delete, disable) reaches this process within `ttlMs`;
 * a 410 handled here updates the entry at once.
 */
export class WebhookCache {
  private readonly entries = new Map<string, { doc: WebhookDoc | null; expires: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly repository: Pick<WebhooksRepository, 'get' | 'disable'>,
    options: WebhookCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async get(id: string): Promise<WebhookDoc | null> {
    const cached = this.entries.get(id);
    if (cached && cached.expires > this.now()) return cached.doc;
    const doc = await this.repository.get(id);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(id, { doc, expires: this.now() + this.ttlMs });
    return doc;
  }

  async disable(id: string, reason: string): Promise<void> {
    await this.repository.disable(id, reason);
    const cached = this.entries.get(id);
    if (cached?.doc) cached.doc = { ...cached.doc, enabled: false, disabledReason: reason };
  }
}
