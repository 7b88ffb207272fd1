import { catalogue, type JobResult, queueFor, shardOf } from '@wildcat/jobs';
import type { Store } from '@wildcat/store';
import type { z } from 'zod';
import { readJobProgress } from './finished-job.js';
import type { IdempotencyStore } from './idempotency.js';
import { newMessageId } from './message-id.js';
import type { QueueRegistry } from './queue-registry.js';
import type { ResultWaiter } from './result-waiter.js';
import type { SendEnqueuer } from './send-enqueuer.js';

/** A send that has its messageId: fresh, or the one an earlier request with the same key got. */
export interface SendTicket {
  accountId: string;
  messageId: string;
  queueName: string;
  /** True when an earlier request with the same Idempotency-Key already claimed this messageId. */
  repeat: boolean;
}

export type SendOutcome =
  | { kind: 'queued'; messageId: string; duplicate: boolean }
  | { kind: 'finished'; messageId: string; duplicate: boolean; result: JobResult }
  | { kind: 'timeout'; messageId: string; duplicate: boolean };

type SendJobInput = z.input<typeof catalogue.send.schema>;
type WithoutTicket<J> = J extends unknown ? Omit<J, 'accountId' | 'messageId' | 'acceptedAt'> : never;

/** The job payload without the fields the ticket supplies. */
export type SendInput = WithoutTicket<SendJobInput>;

export interface SendService {
  open(accountId: string, idempotencyKey?: string): Promise<SendTicket>;
  /** Enqueues (once per messageId) and, when `wait`, waits for the worker's result. */
  dispatch(ticket: SendTicket, input: SendInput, options: { wait: boolean }): Promise<SendOutcome>;
}

export interface SendServiceDeps {
  shards: number;
  waitTimeoutMs: number;
  queues: QueueRegistry;
  /** Admits a send into its account's backlog and adds its job, in one Redis round trip per turn. */
  enqueuer: SendEnqueuer;
  results: ResultWaiter;
  idempotency: IdempotencyStore;
  store: Store;
}

/**
 * Sends are jobs on `send-<shard>` whose id is the WhatsApp message id the gateway generated, so
 * BullMQ dedupes a re-added job and the worker skips a messageId already recorded as sent. An
 * Idempotency-Key maps to the messageId of its first request (24 h), so a retried request gets the
 * same messageId and never a second job.
 */
export function createSendService(deps: SendServiceDeps): SendService {
  return {
    async open(accountId, idempotencyKey) {
      const queueName = queueFor.send(shardOf(accountId, deps.shards));
      const generated = newMessageId();
      if (!idempotencyKey) return { accountId, messageId: generated, queueName, repeat: false };
      const claim = await deps.idempotency.claim(accountId, idempotencyKey, generated);
      return { accountId, messageId: claim.messageId, queueName, repeat: !claim.fresh };
    },

    async dispatch(ticket, input, options) {
      const { messageId, queueName, repeat } = ticket;
      const waiter = options.wait
        ? deps.results.register(queueName, messageId, deps.waitTimeoutMs)
        : undefined;
      let duplicate = false;
      try {
        if (repeat) {
          const earlier = await earlierOutcome(ticket);
          if (earlier === 'pending') duplicate = true;
          else if (earlier) {
            waiter?.cancel();
            return { kind: 'finished', messageId, duplicate: true, result: earlier };
          }
        }
        if (!duplicate) {
          const payload = catalogue.send.schema.parse({
            ...input,
            accountId: ticket.accountId,
            messageId,
            acceptedAt: Date.now(),
          });
          await deps.enqueuer.enqueue(queueName, payload);
        }
      } catch (error) {
        waiter?.cancel();
        throw error;
      }
      if (!waiter) return { kind: 'queued', messageId, duplicate };
      const result = (await waiter.promise) ?? (await lastLook(queueName, messageId));
      if (!result) return { kind: 'timeout', messageId, duplicate };
      return { kind: 'finished', messageId, duplicate, result };
    },
  };

  /** For a repeat: 'pending' while its job is queued, its result once done, undefined if never enqueued. */
  async function earlierOutcome(ticket: SendTicket): Promise<JobResult | 'pending' | undefined> {
    const progress = await readJobProgress(deps.queues.get(ticket.queueName), ticket.messageId);
    if (progress.state === 'pending') return 'pending';
    if (progress.state === 'finished') return progress.result;
    // The job was removed after it finished: the worker recorded the message before acking.
    const recorded = await deps.store.messages.get(ticket.accountId, ticket.messageId);
    if (!recorded) return undefined;
    const base = { queue: ticket.queueName, jobId: ticket.messageId, messageId: ticket.messageId };
    return recorded.status === 'failed'
      ? { ...base, ok: false, error: recorded.error ?? 'Failed to send', httpStatus: 502 }
      : { ...base, ok: true };
  }

  async function lastLook(queueName: string, jobId: string): Promise<JobResult | undefined> {
    // The send is queued already: if Redis cannot answer this extra look, the caller answers
    // "accepted, not finished yet", which is still true (the message id finds it later).
    const progress = await readJobProgress(deps.queues.get(queueName), jobId).catch(() => undefined);
    return progress?.state === 'finished' ? progress.result : undefined;
  }
}
