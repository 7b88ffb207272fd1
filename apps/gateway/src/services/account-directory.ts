import type { Store } from '@wildcat/store';

export interface AccountDirectory {
  /** True when the account exists; a hit is remembered briefly so hot senders skip MongoDB. */
  exists(accountId: string): Promise<boolean>;
  forget(accountId: string): void;
}

const REMEMBER_MS = 5_000;
const MAX_REMEMBERED = 10_000;

/**
 * Sends check that the account exists so a typo answers 404 at once instead of a queued job.
 * A deleted account may be remembered for up to 5 s on other gateways; its worker then answers 404.
 */
export function createAccountDirectory(store: Store): AccountDirectory {
  const seen = new Map<string, number>();
  return {
    async exists(accountId) {
      const until = seen.get(accountId);
      if (until !== undefined && until > Date.now()) return true;
      const account = await store.accounts.get(accountId);
      if (!account) {
        seen.delete(accountId);
        return false;
      }
      if (seen.size >= MAX_REMEMBERED) seen.clear();
      seen.set(accountId, Date.now() + REMEMBER_MS);
      return true;
    },
    forget(accountId) {
      seen.delete(accountId);
    },
  };
}
