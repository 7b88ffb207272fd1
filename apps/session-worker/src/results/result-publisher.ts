import { type JobResult, jobResultSchema } from '@wildcat/jobs';
import { RESULTS_CHANNEL } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';

interface Pending {
  message: string;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Publishes finished jobs' results on RESULTS_CHANNEL for the waiting gateways, one message per
 * result as before, but the results of one turn go out as one pipeline: every send publishes
 * one, and a busy worker finishes many per turn. A result is never held back for a timer: a
 * lone one goes out on the next turn.
 */
export class ResultPublisher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly redis: Redis) {}

  readonly publish = (result: JobResult): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const parsed = jobResultSchema.safeParse(result);
      if (!parsed.success) return reject(parsed.error);
      this.queue.push({ message: JSON.stringify(parsed.data), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.splice(0);
    const pipeline = this.redis.pipeline();
    for (const pending of batch) pipeline.publish(RESULTS_CHANNEL, pending.message);
    try {
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach((pending, index) => {
        const error = replies[index]?.[0];
        if (error) pending.reject(error);
        else pending.resolve();
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
