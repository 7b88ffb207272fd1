import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/render-markdown.js';
import { runAll } from '../src/run-benches.js';

const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;

// Keeps the scale-out benchmark from rotting: its quick mode starts the stack on one Redis, then
// on a 3-master Cluster, sends through both and reads every master's CPU. Values are not checked.
describe('scale-out bench (quick mode)', () => {
  it('measures sends and Redis CPU per master on one primary and on a 3-master Cluster', async () => {
    const report = await runAll({ quick: true, only: ['scaleout'], command: 'test' });
    expect(report.errors).toEqual({});
    const { single, cluster, perSendRatio } = report.scaleOut ?? {};
    expect(single?.nodes).toHaveLength(1);
    expect(cluster?.nodes).toHaveLength(3);
    for (const run of [single, cluster]) {
      expect(run?.achieved).toBeGreaterThan(0);
      expect(finite(run?.redisCpuPerSendMs) && finite(run?.p99) && finite(run?.idleCpuMsPerSecond)).toBe(
        true,
      );
      for (const node of run?.nodes ?? [])
        expect(finite(node.cpuMsPerSecond) && finite(node.share)).toBe(true);
    }
    // Every master of the Cluster did part of the work.
    expect(cluster?.nodes.every((node) => node.share > 0)).toBe(true);
    expect(finite(perSendRatio)).toBe(true);
    expect(renderMarkdown(report)).toContain('### 8. Scale-out');
  });
});
