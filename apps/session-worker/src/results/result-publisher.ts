import { type JobResult, jobResultSchema } from '@wildcat/jobs';
import {
  crossSlotPipeline,
  isCluster,
  leaveSendBacklog,
  RESULTS_CHANNEL,
  shardResultsChannel,
} from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';

interface Pending {
  message: string;
  queue: string;
  /** A send's final result also takes it out of its account's backlog. */
  send?: { accountId: string; messageId: string };
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Publishes finished jobs' results on RESULTS_CHANNEL (per-queue sharded channels on a Cluster) for the waiting gateways, one message per
 * result as before, but the results of one turn go out as one pipeline: every send publishes
 * one, and a busy worker finishes many per turn. A result is never held back for a timer: a
 * lone one goes out on the next turn.
 */
export class ResultPublisher {
  private queue: Pending[] = [];
  private scheduled = false;

  /** Sharded pub/sub on a Redis Cluster (see shardResultsChannel), one plain channel otherwise. */
  private readonly sharded: boolean;

  constructor(private readonly redis: Redis) {
    this.sharded = isCluster(redis);
  }

  readonly publish = (result: JobResult): Promise<void> => this.enqueue(result);

  /** A send's final result: published, and the send leaves its account's backlog in the same pipeline. */
  readonly finishSend = (result: JobResult, accountId: string): Promise<void> =>
    this.enqueue(result, { accountId, messageId: result.messageId ?? result.jobId });

  private enqueue(result: JobResult, send?: Pending['send']): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const parsed = jobResultSchema.safeParse(result);
      if (!parsed.success) return reject(parsed.error);
      this.queue.push({
        message: JSON.stringify(parsed.data),
        queue: parsed.data.queue,
        send,
        resolve,
        reject,
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.splice(0);
    const pipeline = crossSlotPipeline(this.redis);
    for (const pending of batch) {
      if (this.sharded) pipeline.spublish(shardResultsChannel(pending.queue), pending.message);
      else pipeline.publish(RESULTS_CHANNEL, pending.message);
      if (pending.send)
        leaveSendBacklog(pipeline, pending.queue, pending.send.accountId, pending.send.messageId);
    }
    try {
      const replies = (await pipeline.exec()) ?? [];
      let reply = 0;
      batch.forEach((pending) => {
        const error = replies[reply]?.[0] ?? (pending.send ? replies[reply + 1]?.[0] : undefined);
        reply += pending.send ? 2 : 1;
        if (error) pending.reject(error);
        else pending.resolve();
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
