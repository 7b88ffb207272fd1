import { shardOf } from '@wildcat/jobs';
import type { AccountDoc } from '@wildcat/store';

/**
 * The accounts a starting shard should connect. Shards are not a field MongoDB can filter on,
 * so one query reads every wanted account and each shard takes its own: a burst of shard starts
 * shares one read (fresh for a second).
 *
 * A takeover can read ahead: once a holder's connection is seen missing, the survivors load the
 * list during the grace period instead of after it (on a large database that read takes seconds
 * and is otherwise paid between acquiring a shard and connecting anything). Reading early is safe
 * for exactly those shards: a dead holder changes nothing any more, and a desired-state change
 * the gateway makes meanwhile comes with a control job, which the new owner runs after the start.
 */
export class DesiredAccounts {
  private recent: { at: number; docs: Promise<AccountDoc[]> } | undefined;
  private ahead: { until: number; shards: Set<number>; docs: Promise<AccountDoc[]> } | undefined;

  constructor(
    private readonly load: () => Promise<AccountDoc[]>,
    private readonly shards: number,
    private readonly freshMs = 1_000,
  ) {}

  async forShard(shard: number, now = Date.now()): Promise<AccountDoc[]> {
    const ahead = this.ahead;
    let docs: Promise<AccountDoc[]>;
    if (ahead && now < ahead.until && ahead.shards.delete(shard)) docs = ahead.docs;
    else {
      if (!this.recent || now - this.recent.at > this.freshMs) this.recent = { at: now, docs: this.load() };
      docs = this.recent.docs;
    }
    return (await docs).filter((doc) => shardOf(doc._id, this.shards) === shard);
  }

  /** `shards` may be ours within `validMs`: read their accounts now. */
  readAhead(shards: readonly number[], validMs: number, now = Date.now()): void {
    const docs = this.load();
    // A failed read ahead is only a missed shortcut: the start reads again.
    docs.catch(() => undefined);
    this.ahead = {
      until: now + validMs,
      shards: new Set(shards),
      docs: docs.catch(() => this.load()),
    };
  }
}
