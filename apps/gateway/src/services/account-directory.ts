import type { Store } from '@wildcat/store';

export interface AccountDirectory {
  /** True when the account exists; a hit is remembered briefly so hot senders skip MongoDB. */
  exists(accountId: string): Promise<boolean>;
  /** The account's own send rate when it has one and was looked up recently. */
  sendRate(accountId: string): number | undefined;
  forget(accountId: string): void;
}

const REMEMBER_MS = 5_000;
const MAX_REMEMBERED = 10_000;

/**
 * Sends check that the account exists so a typo answers 404 at once instead of a queued job.
 * A deleted account may be remembered for up to 5 s on other gateways; its worker then answers 404.
 */
export function createAccountDirectory(store: Store): AccountDirectory {
  const seen = new Map<string, { until: number; sendRate?: number }>();
  return {
    async exists(accountId) {
      const until = seen.get(accountId)?.until;
      if (until !== undefined && until > Date.now()) return true;
      const account = await store.accounts.get(accountId);
      if (!account) {
        seen.delete(accountId);
        return false;
      }
      if (seen.size >= MAX_REMEMBERED) seen.clear();
      seen.set(accountId, { until: Date.now() + REMEMBER_MS, sendRate: account.sendRatePerMinute });
      return true;
    },
    sendRate(accountId) {
      return seen.get(accountId)?.sendRate;
    },
    forget(accountId) {
      seen.delete(accountId);
    },
  };
}
