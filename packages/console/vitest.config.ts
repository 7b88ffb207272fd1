import { defineProject } from 'vitest/config';

// Browser tests drive a real stack (Redis, devdb, gateway and workers as child processes) and a
// real Chromium: slow to start, so long timeouts and one file at a time.
export default defineProject({
  test: {
    name: 'console',
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    globalSetup: ['test/support/global-stack.ts'],
    // Polls wait on workers and live events, which take a moment on a loaded machine.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
