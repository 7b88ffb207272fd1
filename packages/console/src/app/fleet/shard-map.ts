import { h } from '../dom.js';
import { shortTime } from '../format.js';
import type { FleetWorkers } from './fleet-types.js';

/** How many moves the log keeps, newest first. */
const MOVES_KEPT = 12;
/** How long a shard that just moved stays highlighted on the map. */
const MOVED_HIGHLIGHT_MS = 6_000;

/** Light fills with dark text (contrast above 7:1); the worker's name is in each cell too. */
export const WORKER_COLOURS = 8;

/**
 * One cell per shard, coloured and labelled by the live worker that holds it; a shard nobody
 * holds (its worker died, another has not taken it over yet) is marked "no owner". Redrawn on
 * every poll, so a failover shows as cells changing colour and name; each move is also written
 * to a log under the map (announced politely to screen readers), and the moved cells stay
 * highlighted for a few seconds.
 */
export function shardMap() {
  const grid = h('ol', { class: 'shard-map', 'aria-label': 'Shard map' });
  const legend = h('ul', { class: 'shard-legend', 'aria-label': 'Workers in the shard map' });
  const moves = h('ol', { class: 'shard-moves', 'aria-live': 'polite', 'aria-label': 'Shard moves' });
  const noMoves = h('p', { class: 'muted' }, 'No shard has moved since this page opened.');
  const root = h(
    'section',
    { class: 'card', 'aria-labelledby': 'shard-map-heading' },
    h('h2', { id: 'shard-map-heading' }, 'Shard map'),
    legend,
    grid,
    h('h3', { class: 'moves-heading' }, 'Shard moves'),
    noMoves,
    moves,
  );
  // Owner per shard at the previous poll ('' = none); undefined before the first one.
  let previous: Map<number, string> | undefined;
  const movedAt = new Map<number, number>();

  function logMoves(owner: Map<number, string>, shards: number): void {
    const now = Date.now();
    const lines: HTMLElement[] = [];
    for (let shard = 0; shard < shards; shard += 1) {
      const before = previous?.get(shard) ?? '';
      const after = owner.get(shard) ?? '';
      if (!previous || before === after) continue;
      movedAt.set(shard, now);
      lines.push(
        h(
          'li',
          { 'data-shard': shard, 'data-from': before, 'data-to': after },
          h('time', { datetime: new Date(now).toISOString() }, shortTime(now)),
          ` Shard ${shard}: ${before || 'no owner'} → ${after || 'no owner'}`,
        ),
      );
    }
    if (lines.length === 0) return;
    moves.prepend(...lines);
    while (moves.children.length > MOVES_KEPT) moves.lastElementChild?.remove();
    noMoves.hidden = true;
  }

  function show(data: FleetWorkers, colourOf: (workerId: string) => number): void {
    const owner = new Map<number, string>();
    for (const worker of data.workers) {
      if (!worker.alive) continue;
      for (const shard of worker.shards) owner.set(shard, worker.workerId);
    }
    logMoves(owner, data.shards);
    previous = new Map(Array.from({ length: data.shards }, (_, shard) => [shard, owner.get(shard) ?? '']));
    const cells: HTMLElement[] = [];
    for (let shard = 0; shard < data.shards; shard += 1) {
      const workerId = owner.get(shard);
      const recent = Date.now() - (movedAt.get(shard) ?? 0) < MOVED_HIGHLIGHT_MS;
      const cls = `shard ${workerId === undefined ? 'unowned' : `worker-${colourOf(workerId)}`}${recent ? ' moved' : ''}`;
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
