import type { ScaleOut, ScaleOutRun } from './scale-out.js';

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const percent = (share: number) => `${Math.round(share * 100)} %`;

function runRow(label: string, run: ScaleOutRun, perSend: string): string {
  return row([
    label,
    run.achieved,
    run.failed,
    run.p50,
    run.p99,
    run.nodes.map((node) => `${node.cpuMsPerSecond} (${percent(node.share)})`).join(' / '),
    run.redisCpuPerSendMs,
    perSend,
    run.idleCpuMsPerSecond,
  ]);
}

/** Item 8 of RESULTS.md: one Redis primary against a 3-master Cluster under the same send load. */
export function renderScaleOut(s: ScaleOut): string[] {
  return [
    `### 8. Scale-out: one Redis primary vs a 3-master Redis Cluster (\`wait=true\` sends at ${s.offered}/s offered for ${s.seconds} s, ${s.accounts} accounts, 1 gateway + 1 session worker + 1 webhook worker, sandbox; no replicas and no AOF on either)`,
    '',
    row([
      'Redis',
      'sends/s',
      'failed',
      'p50 ms',
      'p99 ms',
      'Redis CPU ms per s, per master (share)',
      'Redis CPU ms per send',
      'vs baseline',
      'idle: Redis CPU ms per s, all masters',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---', '---:', '---:', '---:']),
    runRow('one primary (baseline)', s.single, '1×'),
    runRow('3-master Cluster', s.cluster, `${s.perSendRatio}×`),
    '',
  ];
}
