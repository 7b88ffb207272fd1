import type { Collection, Db, Filter, Sort } from 'mongodb';
import type { AccountDoc } from './accounts-repository.js';
import { COLLECTIONS } from './names.js';

/** Sort keys of the fleet's accounts table; each is served by an index of indexes.ts. */
export const ACCOUNT_SORTS = ['createdAt', '-createdAt', 'id', '-id', 'name', '-name'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export interface AccountSearch {
  /** Prefix of the id, the name or the phone number (the digits of the JID). */
  q?: string;
  sort?: AccountSort;
  /** Only accounts whose mirrored live bucket is this (AccountDoc.live; none = not_started). */
  status?: string;
}

const SORTS: Record<AccountSort, Sort> = {
  createdAt: { createdAt: 1, _id: 1 },
  '-createdAt': { createdAt: -1, _id: -1 },
  id: { _id: 1 },
  '-id': { _id: -1 },
  name: { name: 1, _id: 1 },
  '-name': { name: -1, _id: -1 },
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Anchored, case-sensitive prefixes: MongoDB answers `^prefix` from the _id, name and jid
 * indexes; an unanchored or case-insensitive pattern would scan the collection.
 */
function searchFilter(q: string | undefined): Filter<AccountDoc> {
  const text = q?.trim();
  if (!text) return {};
  const prefix = new RegExp(`^${escapeRegex(text)}`);
  const branches: Filter<AccountDoc>[] = [{ _id: { $regex: prefix } }, { name: { $regex: prefix } }];
  const digits = text.replace(/^\+/, '');
  if (/^\d+$/.test(digits)) branches.push({ jid: { $regex: new RegExp(`^${digits}`) } });
  return { $or: branches };
}

/** `null` also matches documents without a mirror: accounts no worker has started yet. */
function statusFilter(status: string | undefined): Filter<AccountDoc> {
  if (!status) return {};
  if (status === 'not_started') return { 'live.status': { $in: [null, 'not_started'] } };
  return { 'live.status': { $eq: status } };
}

function filterOf(search: AccountSearch): Filter<AccountDoc> {
  return { ...searchFilter(search.q), ...statusFilter(search.status) };
}

export type AccountSearchRepository = ReturnType<typeof createAccountSearchRepository>;

/** The fleet's accounts table: search, sort and page without loading the fleet. */
export function createAccountSearchRepository(db: Db) {
  const accounts: Collection<AccountDoc> = db.collection<AccountDoc>(COLLECTIONS.accounts);
  return {
    /** One page of matches and how many match in all. */
    async page(
      search: AccountSearch,
      page: { limit: number; skip: number },
    ): Promise<{ docs: AccountDoc[]; total: number }> {
      const filter = filterOf(search);
      const [docs, total] = await Promise.all([
        accounts
          .find(filter)
          .sort(SORTS[search.sort ?? 'createdAt'])
          .skip(page.skip)
          .limit(page.limit)
          .toArray(),
        accounts.countDocuments(filter),
      ]);
      return { docs, total };
    },

    /** Every account id, for fleet-wide counts by live status. */
    async allIds(): Promise<string[]> {
      const docs = await accounts.find({}, { projection: { _id: 1 } }).toArray();
      return docs.map((doc) => doc._id);
    },
  };
}
