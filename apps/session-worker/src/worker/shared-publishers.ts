import { EVENTS_QUEUE, queuePrefix } from '@wildcat/jobs';
import { bullConnection, type RedisTarget, TrafficCounter } from '@wildcat/redis-bus';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { EventBatcher } from '../events/event-batcher.js';
import type { Publish } from '../events/status-events.js';
import { ResultPublisher } from '../results/result-publisher.js';

export interface SharedPublishers {
  /** Events (receipts, messages, statuses) for the webhook worker, batched across sessions. */
  publish: Publish;
  /** Job results the gateway waits for, pipelined per turn. */
  publishResult: ResultPublisher['publish'];
  /** A send's final result, leaving its account's backlog in the same pipeline. */
  finishSend: ResultPublisher['finishSend'];
  /** Fleet-wide messages per second for the console (received counted here, sent by sends). */
  traffic: TrafficCounter;
  close(): Promise<void>;
}

/** The worker-wide outputs every shard shares, so a busy worker makes few round trips for them. */
export function buildPublishers(options: {
  redis: Redis;
  redisUrl: RedisTarget;
  logger: Logger;
}): SharedPublishers {
  const { redis, logger } = options;
  const eventsQueue = new Queue(EVENTS_QUEUE, {
    prefix: queuePrefix(EVENTS_QUEUE),
    connection: bullConnection(options.redisUrl, 'blocking'),
  });
  eventsQueue.on('error', (error) => logger.warn({ err: error }, 'events queue error'));
  const batcher = new EventBatcher(redis, eventsQueue);
  const results = new ResultPublisher(redis);
  const traffic = new TrafficCounter(redis, {
    onError: (error) => logger.warn({ err: error }, 'traffic counts not written'),
  });
  return {
    // Every received message passes here once as its `message` event (a re-delivery after a
    // crash may count twice; the event itself is deduplicated downstream).
    publish: (event) => {
      if (event.type === 'message' && event.data.fromMe !== true) traffic.add('received');
      return batcher.publish(event);
    },
    traffic,
    publishResult: results.publish,
    finishSend: results.finishSend,
    async close() {
      await traffic.flush();
      await eventsQueue
        .close()
        .catch((error) => logger.warn({ err: error }, 'events queue did not close cleanly'));
    },
  };
}
