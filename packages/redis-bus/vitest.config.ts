import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'redis-bus', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
