import { type AccountStatus, fleetStatusOf, writeStatus } from '@wildcat/redis-bus';
import type { LiveStatusMirror } from '@wildcat/store';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { accountStatusEvent, type Publish, type StatusChange } from '../events/status-events.js';

export type StatusUpdate = Omit<StatusChange, 'lastUpdate'>;

export interface StatusWriterDeps {
  redis: Redis;
  workerId: string;
  logger: Logger;
  publish: Publish;
  /** Mirrors each applied status's bucket into the store (the accounts table filters on it). */
  liveMirror?: Pick<LiveStatusMirror, 'write'>;
}

/**
 * One account's status as its session writes it: fenced by the shard's lease epoch (a worker
 * that lost the shard cannot overwrite the new owner) and published once per change.
 */
export class StatusWriter {
  private last: StatusUpdate = { status: 'not_started' };

  constructor(
    private readonly accountId: string,
    private readonly epoch: number,
    private readonly deps: StatusWriterDeps,
  ) {}

  get status(): AccountStatus {
    return this.last.status;
  }

  get jid(): string | undefined {
    return this.last.jid;
  }

  /**
   * Records `change` (keeping the identity unless logged out); writes and publishes it if it
   * differs from the last one, or always when `always` (a stop records its status even on a
   * session that never wrote one, so the account cannot keep reading an older owner's status).
   */
  async write(change: StatusUpdate, now = Date.now(), always = false): Promise<void> {
    const same =
      this.last.status === change.status && this.last.qr === change.qr && this.last.reason === change.reason;
    const keep = change.status !== 'logged_out';
    this.last = {
      ...change,
      jid: change.jid ?? (keep ? this.last.jid : undefined),
      pushName: change.pushName ?? (keep ? this.last.pushName : undefined),
    };
    if (same && !always) return;
    const record = { ...this.last, lastUpdate: now };
    try {
      const applied = await writeStatus(this.deps.redis, this.accountId, {
        ...record,
        epoch: this.epoch,
        owner: change.status === 'not_started' ? undefined : this.deps.workerId,
      });
      if (!applied) return;
      // Not awaited: the mirror batches across sessions and never rejects (it logs its failures).
      void this.deps.liveMirror?.write(this.accountId, {
        status: fleetStatusOf(record),
        epoch: this.epoch,
        at: now,
      });
      await this.deps.publish(accountStatusEvent(this.accountId, record));
    } catch (error) {
      // The status is a view of the session, rewritten at its next change; the session goes on.
      this.deps.logger.warn({ err: error, accountId: this.accountId }, 'status write failed');
    }
  }
}
