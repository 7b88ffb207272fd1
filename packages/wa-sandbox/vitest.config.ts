import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'wa-sandbox', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
