import { catalogue, type WildcatEvent } from '@wildcat/jobs';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { EVENTS_STREAM, EVENTS_STREAM_MAXLEN } from './channels.js';

/** XADD arguments of one event's entry in the bounded stream live clients tail (SSE/WebSocket). */
export function eventStreamEntry(event: WildcatEvent) {
  return [
    EVENTS_STREAM,
    'MAXLEN',
    '~',
    String(EVENTS_STREAM_MAXLEN),
    '*',
    'event',
    JSON.stringify(event),
  ] as const;
}

/** The events-queue job of one event; its id is the event id, so publishing it again is a no-op. */
export function eventJob(event: WildcatEvent) {
  return {
    name: catalogue.event.jobName,
    data: event,
    opts: { ...catalogue.event.options, jobId: event.id },
  };
}

/**
 * Publishes one event twice over: into the bounded stream live clients tail (SSE/WebSocket,
 * resumable by stream id) and onto the events queue the webhook worker fans out from. The
 * queue job id is the event id, so publishing the same change again is a no-op there.
 */
export async function publishEvent(redis: Redis, eventsQueue: Queue, event: WildcatEvent): Promise<void> {
  const parsed = catalogue.event.schema.parse(event);
  const job = eventJob(parsed);
  await Promise.all([redis.xadd(...eventStreamEntry(parsed)), eventsQueue.add(job.name, job.data, job.opts)]);
}
