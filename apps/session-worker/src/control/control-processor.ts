import {
  type ControlJob,
  catalogue,
  type JobResult,
  ONE_SHOT_ACTIONS,
  type PairingCodeResult,
  type SandboxScanResult,
} from '@wildcat/jobs';
import { clearStatus } from '@wildcat/redis-bus';
import { isStoreUnavailable, type Store } from '@wildcat/store';
import type { WaEngine } from '@wildcat/wa';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AccountNotFoundError } from '../errors/account-not-found-error.js';
import { HandoffError } from '../errors/handoff-error.js';
import { PhoneScanUnsupportedError } from '../errors/phone-scan-unsupported-error.js';
import { claimGroupJob, runGroupControl } from '../groups/group-control.js';
import type { GroupKeeper } from '../groups/group-keeper.js';
import type { AccountFifo } from '../send/account-fifo.js';
import type { MediaUrlSettings } from '../send/media-url.js';
import { mapJobError } from '../send/send-errors.js';
import type { AccountSession } from '../sessions/account-session.js';
import { runPresence, runRead } from './chat-actions.js';
import { isContactsControlJob, type LookupPacing, runContactsControl } from './contacts-control.js';
import { logJobFailure } from './log-job-failure.js';

export interface ControlDeps {
  store: Store;
  redis: Redis;
  /** For capabilities that are not one session's, e.g. the sandbox phone's scan. */
  engine: WaEngine;
  logger: Logger;
  fifo: AccountFifo;
  publishResult(result: JobResult): Promise<void>;
  /** Pacing of WhatsApp look-ups (contacts/check, contact profiles); none without it. */
  pacing?: LookupPacing;
  groups?: GroupKeeper;
  /** MEDIA_URL_* settings: a profile picture by url is fetched as a send's media is. */
  mediaUrl?: MediaUrlSettings;
}

/** What the control processor needs from the shard runtime. */
export interface ControlShard {
  shard: number;
  signal: AbortSignal;
  session(accountId: string): AccountSession | undefined;
  /** The account's session, created (not connected) if missing. */
  ensureSession(accountId: string): Promise<AccountSession>;
  /** Stops and forgets the account's session, writing `status` (not_started after a disconnect). */
  dropSession(accountId: string, status?: 'not_started'): Promise<void>;
  /** Logs the account out (connecting briefly if needed to unlink) and forgets its session. */
  logoutAccount(accountId: string): Promise<void>;
}

const PAIRING_WAIT_MS = 10_000;

async function waitForScanState(session: AccountSession, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + PAIRING_WAIT_MS;
  while (!session.isWaitingForScan()) {
    if (signal.aborted) throw new HandoffError(-1);
    if (Date.now() > deadline || session.isOpen()) throw new Error('account is not waiting for pairing');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function runControl(
  job: ControlJob,
  shard: ControlShard,
  deps: ControlDeps,
): Promise<Record<string, unknown>> {
  const { store } = deps;
  const account = await store.accounts.get(job.accountId);
  if (!account) throw new AccountNotFoundError(job.accountId);
  if (isContactsControlJob(job))
    return runContactsControl(job, {
      engine: deps.engine,
      store,
      session: shard.session(job.accountId),
      signal: shard.signal,
      pacing: deps.pacing,
      sessionWaitMs: PAIRING_WAIT_MS,
      ...(deps.mediaUrl ? { mediaUrl: deps.mediaUrl } : {}),
    });
  switch (job.action) {
    case 'connect': {
      await store.accounts.setDesiredState(job.accountId, 'connected');
      const session = await shard.ensureSession(job.accountId);
      await session.connect();
      return { status: session.status };
    }
    case 'disconnect':
      await store.accounts.setDesiredState(job.accountId, 'disconnected');
      await shard.dropSession(job.accountId, 'not_started');
      return { status: 'not_started' };
    case 'logout':
      await store.accounts.setDesiredState(job.accountId, 'logged_out');
      await shard.logoutAccount(job.accountId);
      return { status: 'logged_out' };
    case 'delete':
      await store.accounts.setDesiredState(job.accountId, 'logged_out');
      await shard.logoutAccount(job.accountId);
      await store.deleteAccountCascade(job.accountId);
      await clearStatus(deps.redis, job.accountId);
      return { deleted: true };
    case 'pairing-code': {
      await store.accounts.setDesiredState(job.accountId, 'connected');
      const session = await shard.ensureSession(job.accountId);
      await session.connect();
      await waitForScanState(session, shard.signal);
      const result: PairingCodeResult = { code: await session.requestPairingCode(job.phone) };
      return result;
    }
    case 'sandbox-scan': {
      const { engine } = deps;
      if (!engine.simulatePhoneScan) throw new PhoneScanUnsupportedError(engine.name);
      const result: SandboxScanResult = await engine.simulatePhoneScan(job.accountId, {
        pushName: job.pushName,
        business: job.business,
      });
      return result;
    }
    case 'presence':
      return runPresence(job, shard.session(job.accountId));
    case 'read':
      return runRead(job, shard.session(job.accountId), store);
    default:
      return runGroupControl(job, shard.session(job.accountId), shard.signal, deps);
  }
}

/** The BullMQ processor of a `control-<shard>` queue; one chain per account, like sends. */
/** How long a control job waits before trying again while MongoDB is unreachable. */
const STORE_RETRY_DELAY_MS = 1_000;

export function createControlProcessor(shard: ControlShard, deps: ControlDeps) {
  return async (job: Job, token?: string): Promise<Record<string, unknown>> => {
    const parsed = catalogue.control.schema.safeParse(job.data);
    const base = { queue: job.queueName, jobId: String(job.id) };
    if (!parsed.success) {
      await deps.publishResult({ ...base, ok: false, error: 'invalid job', httpStatus: 400 });
      throw new UnrecoverableError('invalid control job');
    }
    try {
      await claimGroupJob(deps.redis, parsed.data.action, String(job.id));
      const data = await deps.fifo.run(parsed.data.accountId, () => runControl(parsed.data, shard, deps));
      await deps.publishResult({ ...base, ok: true, data });
      return data;
    } catch (error) {
      if (error instanceof HandoffError || shard.signal.aborted) throw error;
      // MongoDB away: connect/disconnect/delete wait for it instead of using up their attempts.
      if (isStoreUnavailable(error) && token) {
        await job.moveToDelayed(Date.now() + STORE_RETRY_DELAY_MS, token);
        throw new DelayedError();
      }
      const mapped = mapJobError(error);
      const final =
        !mapped.retryable ||
        ONE_SHOT_ACTIONS.includes(parsed.data.action) ||
        job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (!final) throw error;
      logJobFailure(deps.logger, error, mapped, {
        jobId: String(job.id),
        accountId: parsed.data.accountId,
        action: parsed.data.action,
      });
      await deps.publishResult({ ...base, ok: false, error: mapped.error, httpStatus: mapped.httpStatus });
      if (mapped.retryable && !ONE_SHOT_ACTIONS.includes(parsed.data.action)) throw error;
      throw new UnrecoverableError(mapped.error);
    }
  };
}
