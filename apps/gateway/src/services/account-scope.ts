import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors/http-error.js';

/** Accounts a request may see: undefined = every account (admin or open gateway). */
export function scopedAccounts(request: FastifyRequest): ReadonlySet<string> | undefined {
  const principal = request.principal;
  return principal?.kind === 'account' ? new Set(principal.accountIds) : undefined;
}

/** 403 when an account-scoped key asks for another account. */
export function assertAccountScope(request: FastifyRequest, accountId: string | null): void {
  const scope = scopedAccounts(request);
  if (scope && (accountId === null || !scope.has(accountId))) throw new HttpError(403, 'Forbidden');
}
