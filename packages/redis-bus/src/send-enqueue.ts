import type { Queue } from 'bullmq';
import { addStandardJob } from 'bullmq/dist/esm/scripts/addStandardJob-9.js';
import type { Redis } from 'ioredis';
import { defineScripts, luaScript, pipelineScript, type RedisScript } from './redis-scripts.js';
import { execWithReplicaWait, type ReplicaWait } from './replica-wait.js';
import { SEND_BACKLOG_HORIZON_MS, sendBacklogKey } from './send-backlog.js';
import type { StandardJobEncoder } from './standard-job-encoder.js';

const OWN_PART = luaScript(new URL('./send-enqueue.lua', import.meta.url));

/**
 * BullMQ's own addStandardJob, unchanged, as a local function of our script: the jobs it writes
 * are the jobs `queue.add` writes (same keys, events, markers), so BullMQ workers, Bull Board and
 * `getJob` see no difference, and the version pin of bullmq pins the script. Its body reads the
 * globals KEYS and ARGV: the function's parameters of the same names stand in for them.
 */
const SEND_ENQUEUE: RedisScript = {
  ...OWN_PART,
  lua: OWN_PART.lua.replace(
    '-- @bullmq-add-standard-job',
    () => `local function addStandardJob(KEYS, ARGV)\n${addStandardJob.content}\nend`,
  ),
};

/** A send's job: its messageId (also the job id) and its payload, checked by the caller. */
export interface SendToEnqueue {
  accountId: string;
  messageId: string;
  payload: unknown;
}

export interface SendEnqueueAnswer {
  admitted: boolean;
  /** Sends of the account accepted and not finished, this one included when admitted (0 without a limit). */
  size: number;
}

/** Sends one script call takes at most: a burst of thousands does not hold Redis in one call. */
const MAX_PER_CALL = 256;

/**
 * Admits each send into its account's backlog (unless it already holds `limit`; 0 means no
 * limit) and adds the admitted ones to the queue, in order, in one script call per 256 sends.
 * The queue's keys and the backlogs share the queue's hash tag, so on a Redis Cluster each call
 * lands on one node. An admitted send whose job id already exists is not added again (BullMQ's
 * duplicate rule), so a retried request with its messageId is safe. With `replicaWait`, a call
 * answers only once that many replicas hold its writes (ReplicationTimeoutError otherwise).
 */
export async function enqueueSends(
  redis: Redis,
  queue: Queue,
  encoder: StandardJobEncoder,
  sends: readonly SendToEnqueue[],
  limit: number,
  options: { now?: number; replicaWait?: ReplicaWait } = {},
): Promise<SendEnqueueAnswer[]> {
  const answers: SendEnqueueAnswer[] = [];
  for (let start = 0; start < sends.length; start += MAX_PER_CALL) {
    const part = sends.slice(start, start + MAX_PER_CALL);
    answers.push(...(await enqueueCall(redis, queue, encoder, part, limit, options)));
  }
  return answers;
}

async function enqueueCall(
  redis: Redis,
  queue: Queue,
  encoder: StandardJobEncoder,
  sends: readonly SendToEnqueue[],
  limit: number,
  { now = Date.now(), replicaWait }: { now?: number; replicaWait?: ReplicaWait },
): Promise<SendEnqueueAnswer[]> {
  const { sendEnqueue } = defineScripts(redis, { sendEnqueue: SEND_ENQUEUE });
  const keys = encoder.queueKeys.slice();
  const args: Array<string | Buffer> = [String(now), String(limit), String(SEND_BACKLOG_HORIZON_MS)];
  for (const send of sends) {
    keys.push(sendBacklogKey(queue.name, send.accountId));
    args.push(send.messageId, ...encoder.encode(send.messageId, send.payload, now));
  }
  let flat: Array<number | string>;
  if (replicaWait && replicaWait.replicas > 0) {
    const pipeline = redis.pipeline();
    pipelineScript(pipeline, SEND_ENQUEUE, keys.length, ...keys, ...args);
    const [[error, reply] = [new Error('no reply from Redis'), []]] = await execWithReplicaWait(
      pipeline,
      replicaWait,
    );
    if (error) throw error;
    flat = reply as Array<number | string>;
  } else flat = (await sendEnqueue(keys.length, ...keys, ...args)) as Array<number | string>;
  return sends.map((send, index) => {
    const admitted = flat[3 * index] === 1;
    const jobId = flat[3 * index + 2];
    if (admitted && jobId !== send.messageId)
      throw new Error(`BullMQ answered job id ${String(jobId)} for message ${send.messageId}`);
    return { admitted, size: Number(flat[3 * index + 1] ?? 0) };
  });
}
