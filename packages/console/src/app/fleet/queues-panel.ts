import { h } from '../dom.js';
import { count, duration } from './fleet-format.js';
import type { QueueFamily } from './fleet-types.js';

const COLUMNS = ['Queue family', 'Waiting', 'Active', 'Delayed', 'Failed', 'Oldest waiting'] as const;

/** Queue depths and the oldest waiting job per queue family (per-shard queues summed). */
export function queuesPanel() {
  const rows = h('tbody', {});
  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'queues-heading' },
    h('h2', { id: 'queues-heading' }, 'Queues'),
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'queues-heading' },
      h(
        'table',
        { class: 'fleet-table' },
        h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
        rows,
      ),
    ),
  );

  function show(queues: QueueFamily[]): void {
    rows.replaceChildren(
      ...queues.map((q) =>
        h(
          'tr',
          { 'data-family': q.family },
          h('th', { scope: 'row' }, q.family, h('small', { class: 'muted' }, ` (${q.queues})`)),
          h('td', {}, count(q.waiting)),
          h('td', {}, count(q.active)),
          h('td', {}, count(q.delayed)),
          h('td', { class: q.failed > 0 ? 'bad' : '' }, count(q.failed)),
          h('td', {}, q.waiting > 0 ? duration(q.oldestWaitingSeconds) : '—'),
        ),
      ),
    );
  }
  return { root, show };
}
