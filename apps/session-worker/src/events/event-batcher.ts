import { catalogue, eventJob, eventStreamEntry, type WildcatEvent } from '@wildcat/jobs';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

interface Pending {
  event: WildcatEvent;
  resolve(): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 200;

/**
 * Publishes events as `publishEvent` does (each into the stream live clients tail and onto the
 * events queue, job id = event id), but the events of one round trip go together: one pipeline
 * of XADDs and one `addBulk`, instead of two round trips per event. Events that arrive while a
 * batch is in flight go out in the next one, so a lone event is not delayed and a busy worker
 * (every send's receipt is an event) makes few round trips. Order is kept. Each `publish`
 * resolves once its batch is in Redis, and rejects if that batch failed.
 */
export class EventBatcher {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly redis: Redis,
    private readonly eventsQueue: Queue,
  ) {}

  readonly publish = (event: WildcatEvent): Promise<void> => {
    return new Promise<void>((resolve, reject) => {
      // Parsed here, so a malformed event fails its own caller (as a rejection) and no batch.
      const parsed = catalogue.event.schema.safeParse(event);
      if (!parsed.success) return reject(parsed.error);
      this.queue.push({ event: parsed.data, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  };

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.write(batch.map((pending) => pending.event));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing = false;
  }

  private async write(events: WildcatEvent[]): Promise<void> {
    const stream = this.redis.pipeline();
    for (const event of events) stream.xadd(...eventStreamEntry(event));
    const [streamed] = await Promise.all([stream.exec(), this.eventsQueue.addBulk(events.map(eventJob))]);
    const failed = streamed?.find(([error]) => error);
    if (failed) throw failed[0];
  }
}
