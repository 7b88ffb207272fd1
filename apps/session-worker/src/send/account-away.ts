import type { SendJob } from '@wildcat/jobs';
import type { AccountDoc, Store } from '@wildcat/store';
import { NotConnectedError } from '@wildcat/wa';
import { AccountAwayError } from '../errors/account-away-error.js';
import type { AccountSession } from '../sessions/account-session.js';

export interface HoldDeps {
  store: Store;
  /** Longest an accepted send waits for its account to come back before it fails 409. */
  holdMs: number;
}

/**
 * Why a send found no open session: AccountAwayError (hold the send) while the account is meant
 * to be connected (its desired state), no human is needed (no QR showing) and the send has not
 * waited `holdMs` yet: a handover or a reconnect, which a client must not be told is a refusal.
 * Otherwise NotConnectedError (409).
 */
export async function notOpenError(
  job: SendJob,
  session: AccountSession | undefined,
  deps: HoldDeps,
  account?: AccountDoc | null,
): Promise<NotConnectedError> {
  const away =
    !session?.isWaitingForScan() &&
    Date.now() - job.acceptedAt < deps.holdMs &&
    (account ?? (await deps.store.accounts.get(job.accountId)))?.desiredState === 'connected';
  return away ? new AccountAwayError(job.accountId) : new NotConnectedError(job.accountId);
}

/** When a held send looks again: soon at first, then every 2 s. */
export function holdRetryDelayMs(job: SendJob, now = Date.now()): number {
  return Math.min(2_000, Math.max(250, Math.round((now - job.acceptedAt) / 4)));
}
