import type { TenantFlood } from './tenant-flood.js';

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const statuses = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ');

/** Item 7 of RESULTS.md: victims' wait=true latency with and without the flood on their shards. */
export function renderFlood(f: TenantFlood): string[] {
  return [
    `### 7. Tenant flood (${f.flooders} accounts × ${f.floodSendsEach} sends wait=false at 60 a minute; ${f.victims} victim accounts on the same shards of ${f.shards}, ${f.victimSendsEach} wait=true sends each per phase, open-loop at 25/s; SEND_ACCOUNT_MAX_IN_FLIGHT ${f.maxInFlight})`,
    '',
    row(['Victims', 'p50 ms', 'p99 ms', 'max ms', 'answers']),
    row(['---', '---:', '---:', '---:', '---']),
    row(['no flood (baseline)', f.quiet.p50, f.quiet.p99, f.quiet.max, statuses(f.quiet.statuses)]),
    row([
      `during the flood (${statuses(f.floodStatuses)} in ${f.floodSeconds} s)`,
      f.flooded.p50,
      f.flooded.p99,
      f.flooded.max,
      statuses(f.flooded.statuses),
    ]),
    '',
    `Ratio flood / no flood: p50 **${f.p50Ratio}×**, p99 **${f.p99Ratio}×** (before the per-account in-flight cap: 504 after 30 s).`,
    '',
  ];
}
