import { describe, expect, it } from 'vitest';
import { type CpuProfile, ownerOf, summarizeCpuProfile } from '../src/lib/cpu-profile-summary.js';

const frame = (id: number, functionName: string, url = '') => ({
  id,
  callFrame: { functionName, url, lineNumber: 9 },
});

describe('cpu profile summary', () => {
  it('adds up self time per frame and per owner from the sample timeline', () => {
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(root)'),
        frame(2, '(idle)'),
        frame(3, 'parse', 'file:///repo/node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/parse.js'),
        frame(4, 'dispatch', 'file:///repo/apps/gateway/src/services/send-service.ts'),
        frame(5, '(garbage collector)'),
        frame(
          6,
          'add',
          'file:///repo/node_modules/.pnpm/@fastify+cors@11.0.0/node_modules/@fastify/cors/index.js',
        ),
      ],
      // µs since the previous sample: parse 3 ms, dispatch 1 ms, GC 2 ms, idle 4 ms, cors 0.5 ms
      samples: [3, 3, 4, 5, 2, 3, 6],
      timeDeltas: [1000, 1000, 1000, 2000, 4000, 1000, 500],
    };
    const summary = summarizeCpuProfile(profile);
    expect(summary.totalMs).toBe(11);
    expect(summary.idleMs).toBe(4);
    expect(summary.gcMs).toBe(2);
    expect(summary.frames.slice(0, 2)).toEqual([
      { frame: '(idle)', ms: 4 },
      { frame: 'parse zod/v4/core/parse.js:10', ms: 3 },
    ]);
    expect(summary.owners).toEqual(
      expect.arrayContaining([
        { owner: 'zod', ms: 3 },
        { owner: 'apps/gateway', ms: 1 },
        { owner: '@fastify/cors', ms: 1 },
      ]),
    );
  });

  it('names the owner of Node built-ins and native frames', () => {
    expect(ownerOf('node:internal/crypto/hash', 'digest')).toBe('node:internal/crypto/hash');
    expect(ownerOf('', 'writev')).toBe('(writev)');
    expect(ownerOf('file:///w/packages/store/src/x.ts', 'f')).toBe('packages/store');
  });
});
