import { defineProject } from 'vitest/config';

// Every scenario starts its own multi-process stack; running them one at a time keeps the two
// cores of a CI machine for the processes under test instead of for several stacks at once.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['scenarios/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
