import { defineConfig } from 'vitest/config';

// One vitest run over every workspace project; each project's own vitest.config.ts sets its name.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'e2e*/vitest.config.ts'],
    reporters: ['default'],
  },
});
