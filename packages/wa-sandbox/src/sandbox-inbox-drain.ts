import type { Redis } from 'ioredis';
import type { InboxFrame } from './frames.js';
import { frameLabel } from './inbox-frame.js';
import { trimHandled } from './inbox-trim.js';

const INBOX_BATCH = 50;
const DRAIN_RETRY_MS = 1_000;

export interface InboxDrainOptions {
  readonly redis: Redis;
  /** The account's inbox list. */
  readonly key: string;
  /** Draining stops (and a new drain does nothing) once this is false. */
  readonly isOpen: () => boolean;
  /** Hands one frame to the session's handlers; resolves once they did. */
  readonly handle: (frame: InboxFrame) => Promise<void>;
  readonly onError: (error: unknown) => void;
  readonly trace: (message: string, fields: object) => void;
}

/**
 * Reads a sandbox inbox in order, one drain at a time: a frame is trimmed only after its handler
 * resolved, so a crash re-delivers it; a notice arriving mid-drain makes the drain run again.
 */
export class InboxDrain {
  private draining = false;
  private again = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(private readonly options: InboxDrainOptions) {}

  run(): void {
    if (!this.options.isOpen()) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    this.drainInbox()
      .catch((error) => {
        this.options.onError(error);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.run(), DRAIN_RETRY_MS);
        this.retryTimer.unref();
      })
      .finally(() => {
        this.draining = false;
        if (this.again) {
          this.again = false;
          this.run();
        }
      });
  }

  stop(): void {
    clearTimeout(this.retryTimer);
  }

  private async drainInbox(): Promise<void> {
    const { redis, key, isOpen, trace } = this.options;
    this.again = false;
    let batch = await redis.lrange(key, 0, INBOX_BATCH - 1);
    for (;;) {
      if (batch.length === 0 || !isOpen()) return;
      const frames = batch.map((raw) => JSON.parse(raw) as InboxFrame);
      trace('sandbox inbox: read', { frames: frames.map(frameLabel) });
      let handled = 0;
      try {
        for (const frame of frames) {
          if (!isOpen()) break;
          await this.options.handle(frame);
          handled++;
          trace('sandbox inbox: handled', { frame: frameLabel(frame) });
        }
      } finally {
        if (handled > 0 && handled < batch.length) {
          trace('sandbox inbox: trimming', { frames: frames.slice(0, handled).map(frameLabel) });
          await trimHandled(redis, key, batch.slice(0, handled), 0);
        }
      }
      if (handled < batch.length) return;
      // A whole batch handled: remove it and read the next in one round trip.
      this.again = false;
      trace('sandbox inbox: trimming', { frames: frames.map(frameLabel) });
      batch = await trimHandled(redis, key, batch, INBOX_BATCH);
    }
  }
}
