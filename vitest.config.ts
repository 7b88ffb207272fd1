import { defineConfig } from 'vitest/config';

// One vitest run over every workspace project; each project's own vitest.config.ts sets its name.
// The JSON report feeds the closing "N passed, N failed" line of .ci/run.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'tools/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'e2e*/vitest.config.ts',
      'deploy/vitest.config.ts',
      'bench/vitest.config.ts',
    ],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
