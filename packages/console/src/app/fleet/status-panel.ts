import { h } from '../dom.js';
import { count, percent } from './fleet-format.js';
import { FLEET_STATUS_LABELS, FLEET_STATUSES, type FleetSummary } from './fleet-types.js';

/**
 * Accounts by live status: one bar split in proportion (the picture) and a legend with the exact
 * numbers (the text, which screen readers read and tests compare with the API).
 */
export function statusPanel() {
  const total = h('p', { class: 'fleet-total' });
  const bar = h('div', { class: 'status-bar', role: 'img' });
  const segments = new Map<string, HTMLElement>();
  const values = new Map<string, HTMLElement>();
  const legend = h('ul', { class: 'status-legend', 'aria-label': 'Accounts by status' });
  for (const status of FLEET_STATUSES) {
    const segment = h('span', { class: `status-seg status-${status}`, 'data-status': status });
    segments.set(status, segment);
    bar.append(segment);
    const value = h('strong', { class: 'status-count', 'data-status': status }, '…');
    values.set(status, value);
    legend.append(
      h(
        'li',
        {},
        h('span', { class: `swatch status-${status}`, 'aria-hidden': 'true' }),
        `${FLEET_STATUS_LABELS[status]}: `,
        value,
      ),
    );
  }
  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'status-heading' },
    h('h2', { id: 'status-heading' }, 'Accounts by status'),
    total,
    bar,
    legend,
  );

  function show(summary: FleetSummary): void {
    const { total: all, counts } = summary.accounts;
    total.textContent = `${count(all)} accounts`;
    total.dataset.total = String(all);
    const described: string[] = [];
    for (const status of FLEET_STATUSES) {
      const n = counts[status] ?? 0;
      (segments.get(status) as HTMLElement).style.width = all === 0 ? '0' : `${(n / all) * 100}%`;
      const value = values.get(status) as HTMLElement;
      value.textContent = `${count(n)} (${percent(n, all)})`;
      value.dataset.count = String(n);
      if (n > 0) described.push(`${FLEET_STATUS_LABELS[status]} ${count(n)}`);
    }
    bar.setAttribute('aria-label', described.length ? described.join(', ') : 'No accounts');
  }
  return { root, show };
}
