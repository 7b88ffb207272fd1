import type { AccountDoc, Store } from '@wildcat/store';
import { HttpError } from '../errors/http-error.js';

export const ACCOUNT_NOT_FOUND = 'Account not found';

export async function requireAccount(store: Store, accountId: string): Promise<AccountDoc> {
  const account = await store.accounts.get(accountId);
  if (!account) throw new HttpError(404, ACCOUNT_NOT_FOUND);
  return account;
}
