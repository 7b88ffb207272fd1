import { WriteBatcher } from '@wildcat/redis-bus';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export interface DeliveryJobSpec {
  name: string;
  data: unknown;
  opts: { jobId: string } & Record<string, unknown>;
}

export interface HandedOffJob {
  spec: DeliveryJobSpec;
  /** Attempts the fan-out already made (0 or 1); the job's retries count on from there. */
  attemptsMade: number;
}

export interface CompletedDelivery {
  spec: DeliveryJobSpec;
  finishedOn: number;
}

/**
 * Writes a delivered delivery's job straight into the completed set, as BullMQ leaves a job it
 * ran, so `POST /webhooks/:id/deliveries/:deliveryId/retry` finds it (the gateway retries the kept
 * job) even when the fan-out delivered it without a queue round. Never overwrites an existing job
 * (a re-run, or a retry job already queued), and trims the set to the same retention the delivery
 * jobs carry (removeOnComplete count and age), as BullMQ's own completion does.
 *
 * KEYS[1] completed set; ARGV: key prefix, keep count, max age ms, now, then per job: id, name,
 * data, opts, finishedOn.
 */
const ADD_COMPLETED = `
local prefix = ARGV[1]
local keep = tonumber(ARGV[2])
local cutoff = tonumber(ARGV[4]) - tonumber(ARGV[3])
local added = 0
for i = 5, #ARGV, 5 do
  local id = ARGV[i]
  local key = prefix .. id
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'name', ARGV[i + 1], 'data', ARGV[i + 2], 'opts', ARGV[i + 3],
      'timestamp', ARGV[i + 4], 'delay', 0, 'priority', 0, 'processedOn', ARGV[i + 4],
      'finishedOn', ARGV[i + 4], 'atm', 1, 'ats', 1, 'returnvalue', 'null')
    redis.call('ZADD', KEYS[1], ARGV[i + 4], id)
    added = added + 1
  end
end
local function drop(ids)
  for _, id in ipairs(ids) do
    redis.call('DEL', prefix .. id, prefix .. id .. ':logs')
    redis.call('ZREM', KEYS[1], id)
  end
end
local excess = redis.call('ZCARD', KEYS[1]) - keep
if excess > 0 then drop(redis.call('ZRANGE', KEYS[1], 0, excess - 1)) end
drop(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff, 'LIMIT', 0, 1000))
return added
`;

const COMPLETED_LINGER_MS = 100;

export interface DeliveryJobsOptions {
  /** The delivery jobs' removeOnComplete retention. */
  keepCompleted: { count: number; ageSeconds: number };
}

/**
 * The fan-out's writes to the webhook-deliveries queue, batched per turn like the MongoDB writes:
 * jobs handed over for retries or rescheduling (one addBulk, plus the attempt the fan-out already
 * made), and the completed records of deliveries it made itself (one script call).
 */
export function createDeliveryJobs(queue: Queue, redis: Redis, options: DeliveryJobsOptions) {
  const client = redis as Redis & {
    wildcatAddCompleted(key: string, ...args: Array<string | number>): Promise<number>;
  };
  client.defineCommand('wildcatAddCompleted', { numberOfKeys: 1, lua: ADD_COMPLETED });
  const prefix = queue.toKey('');

  const handOffs = new WriteBatcher(async (jobs: HandedOffJob[]) => {
    await queue.addBulk(jobs.map(({ spec }) => spec) as never);
    const counted = jobs.filter((job) => job.attemptsMade > 0);
    if (counted.length === 0) return;
    // The attempt made before the job existed counts towards its attempts, so it still makes at
    // most WEBHOOK_MAX_ATTEMPTS in all. HSETNX: a job that already ran keeps its own count. BullMQ
    // cannot add a job with attempts already made, hence a second write; the fan-out delays such
    // jobs long enough for it to land first (at worst a delivery gets one attempt more).
    const pipeline = redis.pipeline();
    for (const job of counted) pipeline.hsetnx(prefix + job.spec.opts.jobId, 'atm', job.attemptsMade);
    await pipeline.exec();
  });
  // Nobody waits for these (see fan-out.ts), so they gather for a moment: at a trickle of
  // events that is one script call per COMPLETED_LINGER_MS instead of one per delivery.
  const completions = new WriteBatcher(
    async (done: CompletedDelivery[]) => {
      const args: Array<string | number> = [];
      for (const { spec, finishedOn } of done)
        args.push(
          spec.opts.jobId,
          spec.name,
          JSON.stringify(spec.data),
          JSON.stringify(spec.opts),
          finishedOn,
        );
      await client.wildcatAddCompleted(
        queue.keys.completed as string,
        prefix,
        options.keepCompleted.count,
        options.keepCompleted.ageSeconds * 1000,
        Date.now(),
        ...args,
      );
    },
    500,
    COMPLETED_LINGER_MS,
  );

  return {
    handOff: (job: HandedOffJob) => handOffs.add(job),
    completed: (job: CompletedDelivery) => completions.add(job),
    /** Everything handed over so far is written. */
    idle: () => Promise.all([handOffs.idle(), completions.idle()]).then(() => undefined),
  };
}

export type DeliveryJobs = ReturnType<typeof createDeliveryJobs>;
