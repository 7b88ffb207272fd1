import { defineProject } from 'vitest/config';

// The conformance suite: against devdb by default, against a real MongoDB when MONGODB_URL is set.
export default defineProject({
  test: { name: 'store', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
