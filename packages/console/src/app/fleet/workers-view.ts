import type { ConsoleContext, View } from '../context.js';
import { h } from '../dom.js';
import { createNotice } from '../views/notice.js';
import { count, duration, megabytes } from './fleet-format.js';
import type { FleetWorker, FleetWorkers } from './fleet-types.js';
import { startPolling } from './poller.js';
import { shardMap, WORKER_COLOURS } from './shard-map.js';

/** Once a second: a failover (lease expiry, then a takeover) takes seconds, and should be seen. */
const REFRESH_MS = 1_000;

const COLUMNS = ['Worker', 'State', 'Shards', 'Accounts', 'Heartbeat', 'Memory (RSS / heap)'] as const;

/** Session workers with their shards, accounts held, heartbeat age and memory, and the shard map. */
export function workersView(ctx: ConsoleContext): View {
  const notice = createNotice();
  const summary = h('p', { class: 'muted', 'data-testid': 'workers-summary' });
  const rows = h('tbody', {});
  const map = shardMap();
  // A worker keeps its colour while the page is open, so a moving shard changes colour, not all.
  const colours = new Map<string, number>();
  const colourOf = (workerId: string) => {
    if (!colours.has(workerId)) colours.set(workerId, colours.size % WORKER_COLOURS);
    return colours.get(workerId) as number;
  };

  function row(worker: FleetWorker): HTMLTableRowElement {
    return h(
      'tr',
      { 'data-worker': worker.workerId, class: worker.alive ? '' : 'dead' },
      h(
        'th',
        { scope: 'row' },
        h('span', { class: `swatch worker-${colourOf(worker.workerId)}`, 'aria-hidden': 'true' }),
        worker.workerId,
      ),
      h('td', {}, worker.alive ? 'alive' : 'no heartbeat'),
      h('td', { class: 'shard-list' }, worker.shards.length ? worker.shards.join(', ') : '—'),
      h('td', {}, count(worker.accounts)),
      h('td', {}, `${duration(worker.heartbeatAgeMs / 1000)} ago`),
      h('td', {}, `${megabytes(worker.rssBytes)} / ${megabytes(worker.heapUsedBytes)}`),
    );
  }

  const stop = startPolling(async () => {
    try {
      const data = await ctx.api.request<FleetWorkers & { ok: true }>('GET', '/fleet/workers');
      const alive = data.workers.filter((worker) => worker.alive);
      summary.textContent =
        `${alive.length} live worker${alive.length === 1 ? '' : 's'} holding ` +
        `${data.shards - data.unowned.length} of ${data.shards} shards` +
        (data.unowned.length ? `; without an owner: ${data.unowned.join(', ')}` : '');
      rows.replaceChildren(...data.workers.map(row));
      map.show(data, colourOf);
      notice.clear();
    } catch (error) {
      notice.error(error);
    }
  }, REFRESH_MS);

  const root = h(
    'section',
    { class: 'page fleet-page', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title', tabindex: '-1' }, 'Workers and shards'),
    summary,
    notice.root,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'workers-heading' },
      h('h2', { id: 'workers-heading' }, 'Session workers'),
      h(
        'div',
        { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'workers-heading' },
        h(
          'table',
          { class: 'fleet-table' },
          h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
          rows,
        ),
      ),
    ),
    map.root,
  );
  return { root, dispose: stop };
}
