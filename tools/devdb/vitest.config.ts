import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'devdb', include: ['test/**/*.test.ts'], testTimeout: 60000 },
});
