import { FLEET_STATUSES, type FleetStatus } from './fleet-types.js';

/** The accounts table's sorts, as GET /fleet/accounts names them, with what the operator reads. */
export const ACCOUNT_SORTS = {
  '-createdAt': 'Newest first',
  createdAt: 'Oldest first',
  id: 'Id A–Z',
  '-id': 'Id Z–A',
  name: 'Name A–Z',
  '-name': 'Name Z–A',
} as const;
export type AccountSort = keyof typeof ACCOUNT_SORTS;

export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** What the table shows: kept in the page's address, so a view can be bookmarked or shared. */
export interface AccountsQuery {
  q: string;
  status: FleetStatus | '';
  sort: AccountSort;
  /** 0-based page number. */
  page: number;
  size: number;
}

export const DEFAULT_QUERY: AccountsQuery = { q: '', status: '', sort: '-createdAt', page: 0, size: 50 };

/** Reads `#/accounts?q=…&status=…`; anything unknown falls back to the default. */
export function parseAccountsQuery(hash: string): AccountsQuery {
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? '';
  const size = Number(params.get('size'));
  const page = Number(params.get('page'));
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    status: (FLEET_STATUSES as readonly string[]).includes(status) ? (status as FleetStatus) : '',
    sort: sort in ACCOUNT_SORTS ? (sort as AccountSort) : DEFAULT_QUERY.sort,
    page: Number.isInteger(page) && page > 0 ? page - 1 : 0,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_QUERY.size,
  };
}

/** The page's address for a query: only what differs from the default (pages count from 1). */
export function accountsHash(query: AccountsQuery): string {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.status) params.set('status', query.status);
  if (query.sort !== DEFAULT_QUERY.sort) params.set('sort', query.sort);
  if (query.page > 0) params.set('page', String(query.page + 1));
  if (query.size !== DEFAULT_QUERY.size) params.set('size', String(query.size));
  const text = params.toString();
  return text ? `#/accounts?${text}` : '#/accounts';
}

/** The API path for one page: the server searches, filters, sorts and pages (never the whole fleet). */
export function accountsApiPath(query: AccountsQuery): string {
  const params = new URLSearchParams({
    sort: query.sort,
    limit: String(query.size),
    offset: String(query.page * query.size),
  });
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.status) params.set('status', query.status);
  return `/fleet/accounts?${params}`;
}

/** "Showing 51–100 of 10,000 accounts", or what to do when nothing matches. */
export function rangeText(query: AccountsQuery, shown: number, total: number, format: (n: number) => string) {
  if (total === 0) return query.q || query.status ? 'No account matches.' : 'No accounts yet.';
  if (shown === 0) return `No accounts on this page; ${format(total)} match in all.`;
  const first = query.page * query.size + 1;
  return `Showing ${format(first)}–${format(first + shown - 1)} of ${format(total)} accounts`;
}
