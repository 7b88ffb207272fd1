import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../errors/http-error.js';

/**
 * Who may call a route with an account-scoped key (admin keys and an open gateway call anything):
 * - `admin`: nobody but admins (e.g. DELETE /accounts/:accountId);
 * - `self`: the handler checks the scope itself (lists filtered, resources looked up first);
 * - `query`: `?accountId=` must be one of the key's accounts (/messages, /media);
 * - unset: a route with an `:accountId` parameter needs that account; any other route is for
 *   admins only, so a route added later is closed to scoped keys until it says otherwise.
 */
export type RouteAccess = 'admin' | 'self' | 'query';

const FORBIDDEN = 'Forbidden';

export function assertRouteAccess(request: FastifyRequest, access: RouteAccess | undefined): void {
  const principal = request.principal;
  if (principal?.kind !== 'account' || request.is404) return;
  if (access === 'self') return;
  const allowed = new Set(principal.accountIds);
  if (access === 'admin') throw new HttpError(403, FORBIDDEN);
  const params = request.params as Record<string, unknown> | undefined;
  if (access === undefined && params && 'accountId' in params) {
    if (typeof params.accountId === 'string' && allowed.has(params.accountId)) return;
    throw new HttpError(403, FORBIDDEN);
  }
  if (access === 'query') {
    const accountId = (request.query as Record<string, unknown> | undefined)?.accountId;
    if (typeof accountId === 'string' && allowed.has(accountId)) return;
  }
  throw new HttpError(403, FORBIDDEN);
}
