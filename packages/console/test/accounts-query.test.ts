import { describe, expect, it } from 'vitest';
import {
  accountsApiPath,
  accountsHash,
  DEFAULT_QUERY,
  parseAccountsQuery,
  rangeText,
} from '../src/app/fleet/accounts-query.js';

describe('accounts table query (the address and the API path of one view)', () => {
  it('round-trips through the address, keeping only what differs from the default', () => {
    const query = { q: 'Shop 99', status: 'needs_qr', sort: 'name', page: 2, size: 100 } as const;
    const hash = accountsHash(query);
    expect(hash).toBe('#/accounts?q=Shop+99&status=needs_qr&sort=name&page=3&size=100');
    expect(parseAccountsQuery(hash)).toEqual(query);
    expect(accountsHash(DEFAULT_QUERY)).toBe('#/accounts');
  });

  it('falls back to the default for anything it does not know', () => {
    expect(parseAccountsQuery('#/accounts?status=happy&sort=size&page=-3&size=7')).toEqual(DEFAULT_QUERY);
    expect(parseAccountsQuery('#/accounts')).toEqual(DEFAULT_QUERY);
  });

  it('asks the server for one page only', () => {
    const path = accountsApiPath({ q: ' +9198 ', status: 'connected', sort: '-id', page: 3, size: 25 });
    expect(path).toBe('/fleet/accounts?sort=-id&limit=25&offset=75&q=%2B9198&status=connected');
  });

  it('says which rows are shown, or that nothing matches', () => {
    const n = (value: number) => value.toLocaleString('en-US');
    expect(rangeText({ ...DEFAULT_QUERY, page: 1 }, 50, 10_000, n)).toBe('Showing 51–100 of 10,000 accounts');
    expect(rangeText({ ...DEFAULT_QUERY, q: 'x' }, 0, 0, n)).toBe('No account matches.');
    expect(rangeText(DEFAULT_QUERY, 0, 0, n)).toBe('No accounts yet.');
  });
});
