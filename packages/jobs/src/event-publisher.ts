import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { catalogue } from './catalogue.js';
import { EVENTS_STREAM, EVENTS_STREAM_MAXLEN, type WildcatEvent } from './event.js';

/**
 * Publishes one event twice over: into the bounded stream live clients tail (SSE/WebSocket,
 * resumable by stream id) and onto the events queue the webhook worker fans out from. The
 * queue job id is the event id, so publishing the same change again is a no-op there.
 */
export async function publishEvent(redis: Redis, eventsQueue: Queue, event: WildcatEvent): Promise<void> {
  const parsed = catalogue.event.schema.parse(event);
  await Promise.all([
    redis.xadd(
      EVENTS_STREAM,
      'MAXLEN',
      '~',
      String(EVENTS_STREAM_MAXLEN),
      '*',
      'event',
      JSON.stringify(parsed),
    ),
    eventsQueue.add(catalogue.event.jobName, parsed, { ...catalogue.event.options, jobId: parsed.id }),
  ]);
}
