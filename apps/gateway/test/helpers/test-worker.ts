import {
  type ControlJob,
  catalogue,
  type JobResult,
  NO_PENDING_QR_MESSAGE,
  queueFor,
  queuePrefix,
  type SendJob,
} from '@wildcat/jobs';
import { connectRedis, RESULTS_CHANNEL, redisOptions } from '@wildcat/redis-bus';
import type { Store } from '@wildcat/store';
import { type Job, Worker } from 'bullmq';

export type SendBehaviour = (
  job: SendJob,
) => Partial<JobResult> | 'silent' | Promise<Partial<JobResult> | 'silent'>;

export interface TestWorker {
  sends: SendJob[];
  controls: ControlJob[];
  /** What the next sends do: default records `sent` and succeeds; 'silent' never answers. */
  behaviour: SendBehaviour;
  controlResult: (job: ControlJob) => Partial<JobResult>;
  close(): Promise<void>;
}

/**
 * Stands in for the session worker: real BullMQ Workers on every send and control queue that
 * record `sent` in MongoDB, return the job result and publish it on RESULTS_CHANNEL.
 */
export async function startTestWorker(redisUrl: string, shards: number, store: Store): Promise<TestWorker> {
  const publisher = await connectRedis(redisUrl, 'blocking');
  const workers: Worker[] = [];
  const state: TestWorker = {
    sends: [],
    controls: [],
    behaviour: () => ({}),
    // No socket here shows a QR, so the sandbox phone finds nothing to scan, as on a real worker.
    controlResult: (job) =>
      job.action === 'sandbox-scan' ? { ok: false, error: NO_PENDING_QR_MESSAGE, httpStatus: 409 } : {},
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      publisher.disconnect();
    },
  };

  async function finish(queue: string, jobId: string, result: Partial<JobResult>): Promise<JobResult> {
    const full: JobResult = { queue, jobId, ok: true, ...result };
    await publisher.publish(RESULTS_CHANNEL, JSON.stringify(full));
    return full;
  }

  for (let shard = 0; shard < shards; shard++) {
    const sendQueue = queueFor.send(shard);
    workers.push(
      new Worker(
        sendQueue,
        async (job: Job) => {
          const payload = catalogue.send.schema.parse(job.data);
          state.sends.push(payload);
          const outcome = await state.behaviour(payload);
          if (outcome === 'silent') return undefined;
          if (outcome.ok !== false) {
            await store.messages.upsert({
              accountId: payload.accountId,
              messageId: payload.messageId,
              chatId: payload.to,
              from: '15550000001@s.whatsapp.net',
              fromMe: true,
              timestamp: Date.now(),
              type:
                payload.kind === 'reply'
                  ? 'text'
                  : payload.kind === 'react'
                    ? 'reaction'
                    : payload.kind === 'delete'
                      ? 'revoke'
                      : payload.kind === 'forward'
                        ? 'text'
                        : payload.kind === 'poll-vote'
                          ? 'poll_vote'
                          : payload.kind,
              ...('text' in payload ? { text: payload.text } : {}),
              ...('mediaId' in payload ? { hasMedia: true, mediaId: payload.mediaId } : {}),
              status: 'sent',
            });
          }
          return finish(sendQueue, job.id as string, { messageId: payload.messageId, ...outcome });
        },
        { connection: redisOptions(redisUrl, 'blocking'), prefix: queuePrefix(sendQueue), concurrency: 50 },
      ),
    );
    const controlQueue = queueFor.control(shard);
    workers.push(
      new Worker(
        controlQueue,
        async (job: Job) => {
          const payload = catalogue.control.schema.parse(job.data);
          state.controls.push(payload);
          return finish(controlQueue, job.id as string, state.controlResult(payload));
        },
        {
          connection: redisOptions(redisUrl, 'blocking'),
          prefix: queuePrefix(controlQueue),
          concurrency: 10,
        },
      ),
    );
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return state;
}
