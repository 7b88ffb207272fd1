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
      const filter = searchFilter(search.q);
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

    /** Every matching id in order (projection only), for filters the store cannot see (live status). */
    async ids(search: AccountSearch): Promise<string[]> {
      const docs = await accounts
        .find(searchFilter(search.q), { projection: { _id: 1 } })
        .sort(SORTS[search.sort ?? 'createdAt'])
        .toArray();
      return docs.map((doc) => doc._id);
    },

    /** Full documents of some ids, in the order given. */
    async byIds(ids: readonly string[]): Promise<AccountDoc[]> {
      if (ids.length === 0) return [];
      const docs = await accounts.find({ _id: { $in: [...ids] } }).toArray();
      const byId = new Map(docs.map((doc) => [doc._id, doc]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** Every account id, for fleet-wide counts by live status. */
    async allIds(): Promise<string[]> {
      const docs = await accounts.find({}, { projection: { _id: 1 } }).toArray();
      return docs.map((doc) => doc._id);
    },
  };
}
