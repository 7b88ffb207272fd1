import type { NewMessage as NewMessageFields } from '@wildcat/store';
import type { InboundMessage } from '@wildcat/wa';

type Change = Extract<InboundMessage, { type: 'edit' | 'revoke' }>;

/**
 * Edits and revokes that arrived before the message they change. WhatsApp does not promise order:
 * a message whose first decryption failed comes back after a retry, behind an edit the sender
 * made meanwhile. The change is kept here (in memory, bounded, for `ttlMs`) and folded into the
 * message when it is stored. Lost when the worker restarts before the message arrives — the
 * change's event was published already, only the stored copy then misses it.
 */
export class PendingChanges {
  private readonly entries = new Map<string, { changes: Change[]; at: number }>();

  constructor(
    private readonly max = 10_000,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  add(accountId: string, change: Change): void {
    const key = `${accountId}/${change.targetId}`;
    const entry = this.entries.get(key) ?? { changes: [], at: this.now() };
    entry.changes.push(change);
    this.entries.set(key, entry);
    // Oldest first out (Map keeps insertion order).
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The author's pending changes to this message, oldest first; removes them. */
  take(accountId: string, messageId: string, author: string): Change[] {
    if (this.entries.size === 0) return [];
    const key = `${accountId}/${messageId}`;
    const entry = this.entries.get(key);
    if (!entry) return [];
    this.entries.delete(key);
    if (this.now() - entry.at > this.ttlMs) return [];
    return entry.changes.filter((change) => change.from === author);
  }

  /** The stored fields of `doc` after these changes. */
  static fold(doc: NewMessageFields, changes: readonly Change[]): NewMessageFields {
    let folded = doc;
    for (const change of changes) {
      if (change.type === 'revoke') folded = { ...folded, deletedAt: change.timestamp };
      else {
        const field = folded.type !== 'text' && folded.text === undefined ? 'caption' : 'text';
        folded = { ...folded, [field]: change.text, editedAt: change.timestamp };
      }
    }
    return folded;
  }
}
