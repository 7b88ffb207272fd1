import type { ConsoleContext, View } from '../context.js';
import { field, h } from '../dom.js';
import {
  ACCOUNT_SORTS,
  type AccountsQuery,
  accountsApiPath,
  accountsHash,
  PAGE_SIZES,
  parseAccountsQuery,
  rangeText,
} from '../fleet/accounts-query.js';
import { accountsTable } from '../fleet/accounts-table.js';
import { bulkActions } from '../fleet/bulk-actions.js';
import { count } from '../fleet/fleet-format.js';
import {
  FLEET_STATUS_LABELS,
  FLEET_STATUSES,
  type FleetAccountsPage,
  type FleetStatus,
} from '../fleet/fleet-types.js';
import { createAccountForm } from './create-account-form.js';
import { createNotice } from './notice.js';

/** Typing in the search box asks the server once the typing pauses this long. */
const SEARCH_PAUSE_MS = 300;

/**
 * The fleet's accounts: server-side search (id, name, number), status filter, sort and paging
 * (one page is all the browser ever loads), a selection that outlives pages, bulk actions with a
 * confirmation naming the count, and each account's link to its own page.
 */
export function accountsView(ctx: ConsoleContext): View {
  let query: AccountsQuery = parseAccountsQuery(location.hash);
  const notice = createNotice();
  const selection = new Set<string>();

  const search = h('input', {
    type: 'search',
    name: 'q',
    maxlength: 100,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  search.value = query.q;
  const status = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, 'All statuses'),
    ...FLEET_STATUSES.map((value) => h('option', { value }, FLEET_STATUS_LABELS[value])),
  );
  status.value = query.status;
  const sort = h(
    'select',
    { name: 'sort' },
    ...Object.entries(ACCOUNT_SORTS).map(([value, label]) => h('option', { value }, label)),
  );
  sort.value = query.sort;
  const size = h(
    'select',
    { name: 'size' },
    ...PAGE_SIZES.map((n) => h('option', { value: n }, `${n} per page`)),
  );
  size.value = String(query.size);
  const filters = h(
    'form',
    { class: 'accounts-filters', role: 'search', 'aria-label': 'Find accounts' },
    field('Search', search, 'Start of the id, name or phone number'),
    field('Status', status),
    field('Sort by', sort),
    field('Page size', size),
  );

  const range = h('p', { class: 'accounts-range', role: 'status', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const pageOf = h('span', { class: 'page-of' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of accounts' }, previous, pageOf, next);

  const table = accountsTable(selection, () => bulk.update());
  const bulk = bulkActions({
    api: ctx.api,
    notice,
    selection,
    async onDone(succeeded) {
      for (const id of succeeded) selection.delete(id);
      bulk.update();
      await load();
    },
    onClear: () => table.syncSelection(),
  });

  let loaded = 0;
  let total = 0;
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    history.replaceState(null, '', accountsHash(query));
    try {
      const page = await ctx.api.request<FleetAccountsPage>('GET', accountsApiPath(query));
      // A newer query was sent meanwhile (fast typing): its answer, not this one, is shown.
      if (mine !== generation) return;
      total = page.total;
      loaded = page.accounts.length;
      table.show(page.accounts);
      range.textContent = rangeText(query, loaded, total, count);
      range.dataset.total = String(total);
      const pages = Math.max(1, Math.ceil(total / query.size));
      pageOf.textContent = `Page ${count(query.page + 1)} of ${count(pages)}`;
      previous.disabled = query.page === 0;
      next.disabled = (query.page + 1) * query.size >= total;
    } catch (error) {
      if (mine === generation) notice.error(error);
    }
  }

  function change(update: Partial<AccountsQuery>): void {
    query = { ...query, page: 0, ...update };
    void load();
  }

  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => change({ q: search.value }), SEARCH_PAUSE_MS);
  });
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    change({ q: search.value });
  });
  status.addEventListener('change', () => change({ status: status.value as AccountsQuery['status'] }));
  sort.addEventListener('change', () => change({ sort: sort.value as AccountsQuery['sort'] }));
  size.addEventListener('change', () => change({ size: Number(size.value) }));
  // load() sets whether each pager button can be used; its generation drops a superseded answer.
  previous.addEventListener('click', () => goTo(query.page - 1));
  next.addEventListener('click', () => goTo(query.page + 1));
  function goTo(page: number): void {
    query = { ...query, page: Math.max(0, page) };
    void load();
  }

  // Rows on screen follow their live status; counts and order refresh on the next load.
  const unsubscribe = ctx.onEvent((event) => {
    if (event.type !== 'account.status') return;
    const data = event.data as { status?: FleetStatus; hasQR?: boolean };
    if (typeof data.status !== 'string') return;
    // The gateway's bucket rule: a QR waiting for a scan is "needs QR" unless already connected.
    table.setStatus(event.accountId, data.hasQR && data.status !== 'connected' ? 'needs_qr' : data.status);
  });

  void load();
  const root = h(
    'section',
    { class: 'page', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title', tabindex: '-1' }, 'Accounts'),
    notice.root,
    h('div', { class: 'card' }, filters, range, bulk.root, table.root, pager),
    createAccountForm(ctx, notice),
  );
  return {
    root,
    dispose() {
      clearTimeout(typing);
      generation += 1;
      unsubscribe();
    },
  };
}
