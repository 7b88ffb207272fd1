import { defineProject } from 'vitest/config';

// Every scenario starts its own multi-process stack; running them one at a time keeps the two
// cores of a CI machine for the processes under test instead of for several stacks at once.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['scenarios/**/*.test.ts', 'baileys/**/*.test.ts', 'chaos/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // A scenario that fails is run once more on a fresh stack (see useE2eStack), and must then pass
    // in full; both runs' output stays in the report. The Redis and devdb outage scenarios opt out
    // ({ retry: 0 }): a retry there hid real product faults (a stale socket replacing the live one,
    // a shard started after its lease expired, failed batch writes read as applied, a driver check
    // or write that never ended after devdb restarted), so they must pass first time.
    retry: 1,
  },
});
