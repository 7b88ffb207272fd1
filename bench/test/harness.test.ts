import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/render-markdown.js';
import { runAll } from '../src/run-benches.js';

const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;

// Keeps the harness from rotting: the quick mode of the two cheapest benchmarks runs end to end
// and yields well-formed numbers. Their values are not checked: `pnpm bench` is for those.
describe('bench harness (quick mode)', () => {
  it('measures the gateway and session memory against their baselines and renders RESULTS.md', async () => {
    const report = await runAll({ quick: true, only: ['gateway', 'memory'], command: 'test' });
    expect(report.errors).toEqual({});
    expect(report.machine.nproc).toBeGreaterThan(0);
    const { gateway, memory } = report;
    for (const load of [
      gateway?.ping.gateway,
      gateway?.ping.bareHello,
      gateway?.send.gateway,
      gateway?.send.plainQueueAdd,
    ]) {
      expect(finite(load?.reqPerSec) && (load?.reqPerSec ?? 0) > 0).toBe(true);
      expect(finite(load?.p99)).toBe(true);
    }
    expect(finite(gateway?.send.ratio)).toBe(true);
    expect(finite(memory?.baseline.rssMiB)).toBe(true);
    expect(typeof memory?.perSession.rssKiB).toBe('number');
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('### 1. Gateway overhead');
    expect(markdown).toContain('### 5. Memory per idle connected sandbox session');
  });
});
