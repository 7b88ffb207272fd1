import { catalogue, type JobResult, type SendJob } from '@wildcat/jobs';
import type { TrafficCounter } from '@wildcat/redis-bus';
import { ACK_STATUSES, isStoreUnavailable, type MessageWriter, type Store } from '@wildcat/store';
import { NotConnectedError } from '@wildcat/wa';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { AccountAwayError } from '../errors/account-away-error.js';
import { AccountNotFoundError } from '../errors/account-not-found-error.js';
import { HandoffError } from '../errors/handoff-error.js';
import { RateLimitedError } from '../errors/rate-limited-error.js';
import type { Publish } from '../events/status-events.js';
import type { Metrics } from '../health/metrics.js';
import { recordPollVote } from '../inbound/poll-votes.js';
import type { AccountSession } from '../sessions/account-session.js';
import { abortableSleep } from '../util/abortable-sleep.js';
import { AccountAdmission } from './account-admission.js';
import { holdRetryDelayMs, notOpenError } from './account-away.js';
import type { AccountFifo } from './account-fifo.js';
import { type MediaUrlSettings, withFetchedMedia } from './media-url-job.js';
import { applyEdit, forwardDoc, forwardSource } from './message-actions.js';
import { outboundDoc, outboundMessage } from './outbound.js';
import { mapJobError } from './send-errors.js';
import type { TokenBuckets } from './token-bucket.js';

export interface SendDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  buckets: TokenBuckets;
  fifo: AccountFifo;
  ffmpegPath: string;
  /** Longest a send may wait for a rate token before it is answered 429. */
  maxRateWaitMs: number;
  /** Send slots one account may hold at once; its further jobs wait their turn in Redis. */
  maxInFlightPerAccount?: number;
  /** Longest one run of a send waits for a connecting/reconnecting account to open. */
  sessionWaitMs: number;
  /** Longest an accepted send is held for an account that is moving or reconnecting before 409. */
  holdMs: number;
  publishResult(result: JobResult): Promise<void>;
  /** A send's final result, which also takes it out of its account's backlog (publishResult when omitted). */
  finishSend?(result: JobResult, accountId: string): Promise<void>;
  /** Batched message writes (one round trip for many sends); the repository when omitted. */
  messageWrites?: MessageWriter;
  /** Limits of sends by media `url` (MEDIA_URL_*); safe defaults when omitted. */
  mediaUrl?: MediaUrlSettings;
  /** Publishes events a send causes (our own poll vote's `poll.vote`). */
  publish?: Publish;
  /** Counts each message sent for the console's fleet-wide traffic chart. */
  traffic?: Pick<TrafficCounter, 'add'>;
}

/** What a processor needs from the shard it runs in. */
export interface ShardHandle {
  shard: number;
  /** Aborted when the shard is handed over, lost or shut down. */
  signal: AbortSignal;
  session(accountId: string): AccountSession | undefined;
}

const SENT_RANK = ACK_STATUSES.indexOf('sent');
const alreadySent = (status: string) =>
  ACK_STATUSES.indexOf(status as (typeof ACK_STATUSES)[number]) >= SENT_RANK;

/** Runs one send: idempotent, in order per account, under the account's token bucket. */
export async function sendOne(
  job: SendJob,
  shard: ShardHandle,
  deps: SendDeps,
): Promise<'sent' | 'duplicate'> {
  const { store } = deps;
  const writes = deps.messageWrites ?? store.messages;
  const session = shard.session(job.accountId);
  if (!session) {
    // No session here: unknown account (404), an earlier run already sent it, its shard is
    // still starting here (held), or not connected (409).
    const account = await store.accounts.get(job.accountId);
    if (!account) throw new AccountNotFoundError(job.accountId);
    if (alreadySent((await store.messages.get(job.accountId, job.messageId))?.status ?? ''))
      return 'duplicate';
    throw await notOpenError(job, undefined, deps, account);
  }
  // Waiting first keeps a takeover's backlog of sends off MongoDB until the sockets are up.
  const open = await session.waitUntilOpen(deps.sessionWaitMs, shard.signal);
  const ownJid = session.jid;
  if (!open || !ownJid) {
    if (alreadySent((await store.messages.get(job.accountId, job.messageId))?.status ?? ''))
      return 'duplicate';
    if (shard.signal.aborted) throw new HandoffError(shard.shard);
    throw await notOpenError(job, session, deps);
  }
  // One round trip in the common case: the insert tells whether an earlier run got this far.
  const doc =
    job.kind === 'forward'
      ? forwardDoc(job, ownJid, await forwardSource(store, job))
      : outboundDoc(job, ownJid);
  if (!(await writes.upsert(doc))) {
    if (alreadySent((await store.messages.get(job.accountId, job.messageId))?.status ?? ''))
      return 'duplicate';
  }
  const account = session.account;

  const bucket = deps.buckets.get(job.accountId, account.sendRatePerMinute);
  const take = bucket.take(deps.maxRateWaitMs);
  if (!take.ok) throw new RateLimitedError(take.waitMs);
  if (take.waitMs > 0) {
    try {
      await abortableSleep(take.waitMs, shard.signal);
    } catch {
      // The sleep only ends early when the shard is handed over.
      bucket.refund();
      throw new HandoffError(shard.shard);
    }
  }

  // Closed since it opened: nothing was sent, so the token goes back.
  const notOpen = () => {
    bucket.refund();
    return notOpenError(job, session, deps);
  };
  const socket = session.openSocket();
  if (!socket) throw await notOpen();
  const message = await outboundMessage(job, deps);
  // An engine throws NotConnectedError before anything reached WhatsApp: safe to hold and resend.
  const sent = await socket.send(message).catch(async (error: unknown) => {
    throw error instanceof NotConnectedError ? await notOpen() : error;
  });
  // Baileys asks for it again to resend on a retry receipt and to quote it in a reply.
  if (sent.content) await store.messages.patch(job.accountId, job.messageId, { content: sent.content });
  await writes.setStatus(job.accountId, job.messageId, 'sent');
  // A chat the account only wrote to belongs in its chat list too; a reaction or delete is no new message.
  if (job.kind !== 'react' && job.kind !== 'delete' && job.kind !== 'edit' && job.kind !== 'poll-vote')
    await store.chats.touch({
      accountId: job.accountId,
      chatId: job.to,
      messageTime: job.acceptedAt,
      unread: false,
    });
  if (job.kind === 'delete')
    await store.messages.patch(job.accountId, job.targetMessageId, { deletedAt: Date.now() });
  if (job.kind === 'edit') await applyEdit(store, job);
  if ('mediaId' in job && job.mediaId) await store.media.attachToMessage(job.mediaId, job.messageId);
  // Our own vote counts in the poll's tally like anyone's (WhatsApp echoes it to no one else here).
  if (job.kind === 'poll-vote' && deps.publish)
    await recordPollVote(
      { store, publish: deps.publish },
      {
        accountId: job.accountId,
        chatId: job.to,
        pollMessageId: job.pollMessageId,
        voteId: job.messageId,
        voter: ownJid,
        options: job.options,
        timestamp: job.acceptedAt,
      },
    );
  return 'sent';
}

/** How long a send waits before trying again while MongoDB is unreachable. */
const STORE_RETRY_DELAY_MS = 1_000;
/** Shortest wait of a job sent back for its turn: long enough not to spin on a fast account. */
const MIN_TURN_WAIT_MS = 25;

/** The BullMQ processor of a `send-<shard>` queue. */
export function createSendProcessor(shard: ShardHandle, deps: SendDeps) {
  const admission = new AccountAdmission(deps.maxInFlightPerAccount ?? Number.POSITIVE_INFINITY);
  const finish = (result: JobResult, accountId: string) =>
    deps.finishSend ? deps.finishSend(result, accountId) : deps.publishResult(result);
  // A job with `ahead` jobs of its account in line runs once that many more have had their
  // rate tokens (one sends per token), so it comes back about then, not every few ms.
  const turnWait = (accountId: string) => (ahead: number) => {
    const rate = shard.session(accountId)?.account.sendRatePerMinute;
    return Math.max(MIN_TURN_WAIT_MS, deps.buckets.get(accountId, rate).msUntil(ahead + 1));
  };
  return async (job: Job, token?: string): Promise<void> => {
    const parsed = catalogue.send.schema.safeParse(job.data);
    if (!parsed.success) {
      await deps.publishResult({
        queue: job.queueName,
        jobId: String(job.id),
        ok: false,
        error: 'invalid job',
        httpStatus: 400,
      });
      throw new UnrecoverableError('invalid send job');
    }
    const data = parsed.data;
    const base = { queue: job.queueName, jobId: String(job.id), messageId: data.messageId };
    // Over its account's share of slots: back to Redis for its turn, without using an attempt.
    const turn = token
      ? admission.admit(data.accountId, String(job.id), turnWait(data.accountId))
      : { admitted: true as const, release: () => undefined };
    if (!turn.admitted) {
      deps.metrics.sends.inc({ outcome: 'parked' });
      await job.moveToDelayed(Date.now() + turn.delayMs, token);
      throw new DelayedError();
    }
    try {
      const outcome = await deps.fifo.run(data.accountId, async () =>
        sendOne(await withFetchedMedia(job, data, deps), shard, deps),
      );
      deps.metrics.sends.inc({ outcome });
      if (outcome === 'sent') {
        deps.metrics.sendLatency.observe((Date.now() - data.acceptedAt) / 1000);
        deps.traffic?.add('sent');
      }
      await finish({ ...base, ok: true }, data.accountId);
    } catch (error) {
      // A shard on the move: put the job back without using an attempt; the new owner runs it.
      if (error instanceof HandoffError || shard.signal.aborted) {
        deps.metrics.sends.inc({ outcome: 'handoff' });
        if (token) {
          await job.moveToDelayed(Date.now(), token);
          throw new DelayedError();
        }
        throw error;
      }
      // The account is moving or reconnecting: wait for it without using an attempt.
      if (error instanceof AccountAwayError && token) {
        deps.metrics.sends.inc({ outcome: 'held' });
        await job.moveToDelayed(Date.now() + holdRetryDelayMs(data), token);
        throw new DelayedError();
      }
      // MongoDB away: an accepted send must not fail for good; wait for it without using an attempt.
      if (isStoreUnavailable(error) && token) {
        deps.metrics.sends.inc({ outcome: 'store_unavailable' });
        deps.logger.warn({ jobId: job.id }, 'MongoDB unreachable; send postponed');
        await job.moveToDelayed(Date.now() + STORE_RETRY_DELAY_MS, token);
        throw new DelayedError();
      }
      const mapped = mapJobError(error);
      const final = !mapped.retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (!final) {
        deps.logger.warn({ err: error, jobId: job.id }, 'send failed; will retry');
        throw error;
      }
      deps.metrics.sends.inc({ outcome: `failed_${mapped.httpStatus}` });
      if (mapped.httpStatus === 500) deps.logger.error({ err: error, jobId: job.id }, 'send failed');
      await (deps.messageWrites ?? deps.store.messages)
        .setStatus(data.accountId, data.messageId, 'failed', mapped.error)
        // The client still hears the failure below; only the stored status lags.
        .catch((statusError) =>
          deps.logger.warn({ err: statusError, jobId: job.id }, 'could not record the failed status'),
        );
      await finish(
        {
          ...base,
          ok: false,
          error: mapped.error,
          httpStatus: mapped.httpStatus,
          ...(mapped.retryAfterMs !== undefined ? { retryAfterMs: mapped.retryAfterMs } : {}),
        },
        data.accountId,
      );
      if (mapped.retryable) throw error;
      throw new UnrecoverableError(mapped.error);
    } finally {
      turn.release();
    }
  };
}
