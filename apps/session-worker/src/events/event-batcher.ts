import { catalogue, type WildcatEvent } from '@wildcat/jobs';
import {
  crossSlotPipeline,
  eventJob,
  eventStreamEntry,
  probeWebhookInterest,
  WriteBatcher,
} from '@wildcat/redis-bus';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

const MAX_BATCH = 200;

/**
 * Publishes events as `publishEvent` does (each into the stream live clients tail and onto the
 * events queue, job id = event id), but the events of one round trip go together: one pipeline
 * of XADDs and one `addBulk`, instead of two round trips per event (a WriteBatcher: a lone event
 * is not delayed, a busy worker makes few round trips, order is kept). Each `publish` resolves
 * once its batch is in Redis, and rejects if that batch failed.
 *
 * An event no webhook subscription could want (the webhook-interest registry, asked in the same
 * pipeline as the XADDs) enters the stream only: its queue job would be fanned out to nobody.
 */
export class EventBatcher {
  private readonly batcher: WriteBatcher<WildcatEvent>;

  constructor(
    private readonly redis: Redis,
    private readonly eventsQueue: Queue,
  ) {
    this.batcher = new WriteBatcher((events: WildcatEvent[]) => this.write(events), MAX_BATCH);
  }

  readonly publish = (event: WildcatEvent): Promise<void> => {
    // Parsed here, so a malformed event fails its own caller (as a rejection) and no batch.
    const parsed = catalogue.event.schema.safeParse(event);
    return parsed.success ? this.batcher.add(parsed.data) : Promise.reject(parsed.error);
  };

  private async write(events: WildcatEvent[]): Promise<void> {
    // Cross-slot: on a Cluster the registry and the stream live in different slots.
    const pipeline = crossSlotPipeline(this.redis);
    for (const event of events) pipeline.xadd(...eventStreamEntry(event));
    const wanted = probeWebhookInterest(pipeline, events);
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.slice(0, events.length).find(([error]) => error);
    if (failed) throw failed[0];
    const needed = wanted(replies[events.length] as [Error | null, unknown] | undefined);
    const jobs = events.filter((_, i) => needed[i]).map(eventJob);
    if (jobs.length > 0) await this.eventsQueue.addBulk(jobs);
  }
}
