import { catalogue, type SendJob } from '@wildcat/jobs';
import {
  enqueueSends,
  type ReplicaWait,
  type StandardJobEncoder,
  standardJobEncoder,
} from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';
import { HttpError } from '../errors/http-error.js';
import type { QueueRegistry } from './queue-registry.js';

export interface SendEnqueuer {
  /**
   * Counts a new send into its account's backlog and adds its job (id: the messageId) to its
   * shard's send queue; 429 with Retry-After when the backlog is full, and then no job.
   */
  enqueue(queueName: string, job: SendJob): Promise<void>;
}

export interface SendEnqueuerDeps {
  redis: Redis;
  queues: QueueRegistry;
  /** Unfinished sends one account may have; 0 turns the limit off. */
  backlogLimit: number;
  /** The account's send rate: a full backlog frees a place with each send, once a rate interval. */
  ratePerMinute(accountId: string): number;
  /** Replicas that must hold a send before it is accepted (REDIS_WAIT_REPLICAS; 0: none). */
  replicaWait: ReplicaWait;
}

interface Admission {
  admitted: boolean;
  size: number;
}

interface Waiting {
  job: SendJob;
  resolve(answer: Admission): void;
  reject(error: unknown): void;
}

/** A send queue's writes: at most one script call in flight, the sends meanwhile wait for the next. */
interface Lane {
  busy: boolean;
  waiting: Waiting[];
}

/**
 * The gateway refuses a send up front rather than queue more than an account can send in a
 * reasonable time, and it writes a send in one Redis round trip: the sends of one event-loop turn
 * go to Redis as one script call per send queue on the next turn (send-enqueue.lua: backlog
 * admission and BullMQ's own add, together), and while a queue's call is in flight the sends that
 * arrive wait for it and go together in the next: under load, calls grow instead of multiplying.
 * Before, each send cost an admission script, then a BullMQ Job, Command and MULTI of its own:
 * most of the gateway's CPU per send (bench/RESULTS.md).
 */
export function createSendEnqueuer(deps: SendEnqueuerDeps): SendEnqueuer {
  const encoders = new Map<string, StandardJobEncoder>();
  const lanes = new Map<string, Lane>();

  const encoderOf = (queueName: string) => {
    let encoder = encoders.get(queueName);
    if (!encoder) {
      encoder = standardJobEncoder(
        deps.queues.get(queueName),
        catalogue.send.jobName,
        catalogue.send.options,
      );
      encoders.set(queueName, encoder);
    }
    return encoder;
  };

  async function flush(queueName: string, lane: Lane): Promise<void> {
    const batch = lane.waiting;
    lane.waiting = [];
    lane.busy = true;
    try {
      const sends = batch.map(({ job }) => ({
        accountId: job.accountId,
        messageId: job.messageId,
        payload: job,
      }));
      const queue = deps.queues.get(queueName);
      const answers = await enqueueSends(deps.redis, queue, encoderOf(queueName), sends, deps.backlogLimit, {
        replicaWait: deps.replicaWait,
      });
      batch.forEach((entry, index) => {
        const answer = answers[index];
        if (answer) entry.resolve(answer);
        else entry.reject(new Error('no answer from Redis for this send'));
      });
    } catch (error) {
      // ReplicationTimeoutError included: the error handler answers it 503 "retry with the key".
      for (const entry of batch) entry.reject(error);
    } finally {
      lane.busy = false;
      if (lane.waiting.length > 0) void flush(queueName, lane);
      else lanes.delete(queueName);
    }
  }

  const enter = (queueName: string, job: SendJob) =>
    new Promise<Admission>((resolve, reject) => {
      let lane = lanes.get(queueName);
      if (!lane) {
        lane = { busy: false, waiting: [] };
        lanes.set(queueName, lane);
      }
      // An idle lane writes on the next turn, with every send of this one; a busy lane writes
      // when its call returns, with every send that came meanwhile.
      if (lane.waiting.push({ job, resolve, reject }) === 1 && !lane.busy) {
        const scheduled = lane;
        setImmediate(() => void flush(queueName, scheduled));
      }
    });

  return {
    async enqueue(queueName, job) {
      const { admitted, size } = await enter(queueName, job);
      if (admitted) return;
      const retryAfter = Math.max(1, Math.ceil(60 / deps.ratePerMinute(job.accountId)));
      throw new HttpError(
        429,
        `Too many sends waiting for this account (${size} queued); retry in ${retryAfter} s`,
        { backlog: size },
        { 'retry-after': String(retryAfter) },
      );
    },
  };
}
