import { h } from '../dom.js';
import type { FleetWorkers } from './fleet-types.js';

/** Light fills with dark text (contrast above 7:1); the worker's name is in each cell too. */
export const WORKER_COLOURS = 8;

/**
 * One cell per shard, coloured and labelled by the live worker that holds it; a shard nobody
 * holds (its worker died, another has not taken it over yet) is marked "no owner". Redrawn on
 * every poll, so a failover shows as cells changing colour and name.
 */
export function shardMap() {
  const grid = h('ol', { class: 'shard-map', 'aria-label': 'Shard map' });
  const legend = h('ul', { class: 'shard-legend', 'aria-label': 'Workers in the shard map' });
  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'shard-map-heading' },
    h('h2', { id: 'shard-map-heading' }, 'Shard map'),
    legend,
    grid,
  );

  function show(data: FleetWorkers, colourOf: (workerId: string) => number): void {
    const owner = new Map<number, string>();
    for (const worker of data.workers) {
      if (!worker.alive) continue;
      for (const shard of worker.shards) owner.set(shard, worker.workerId);
    }
    const cells: HTMLElement[] = [];
    for (let shard = 0; shard < data.shards; shard += 1) {
      const workerId = owner.get(shard);
      const cls = workerId === undefined ? 'shard unowned' : `shard worker-${colourOf(workerId)}`;
      cells.push(
        h(
          'li',
          { class: cls, 'data-shard': shard, 'data-worker': workerId ?? '' },
          h('span', { class: 'shard-number' }, `Shard ${shard}`),
          h('span', { class: 'shard-owner' }, workerId ?? 'no owner'),
        ),
      );
    }
    grid.replaceChildren(...cells);
    const noOwner = data.unowned.length
      ? [
          h(
            'li',
            {},
            h('span', { class: 'swatch unowned', 'aria-hidden': 'true' }),
            `No owner: ${data.unowned.length}`,
          ),
        ]
      : [];
    legend.replaceChildren(
      ...data.workers
        .filter((worker) => worker.alive)
        .map((worker) =>
          h(
            'li',
            {},
            h('span', { class: `swatch worker-${colourOf(worker.workerId)}`, 'aria-hidden': 'true' }),
            `${worker.workerId}: ${worker.shards.length} shards`,
          ),
        ),
      ...noOwner,
    );
  }
  return { root, show };
}
