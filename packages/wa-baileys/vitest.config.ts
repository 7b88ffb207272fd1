import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'wa-baileys',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file runs a peer and (worker files) child processes doing first logins with
    // 812-prekey writes: one file at a time keeps them from starving each other on small machines.
    fileParallelism: false,
  },
});
