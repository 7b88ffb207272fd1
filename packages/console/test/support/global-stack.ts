import type { TestProject } from 'vitest/node';
import { startConsoleStack } from './stack.js';

/**
 * One stack for all console test files: starting it costs far more than the tests themselves.
 * The files use different accounts; the error test stops a gateway (its own, the second) and the
 * fleet test kills the second session worker (the first takes its shards over).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startConsoleStack();
  project.provide('consoleStack', {
    apiKey: stack.apiKey,
    gateways: stack.gateways.map((gateway) => ({ url: gateway.url, pid: gateway.process.pid as number })),
    // startStack names them session-worker-1, -2, … in start order (their WORKER_ID).
    sessionWorkers: stack.sessionWorkers.map((worker, index) => ({
      workerId: `session-worker-${index + 1}`,
      pid: worker.process.pid as number,
    })),
  });
  return () => stack.stop();
}
