import type { TestProject } from 'vitest/node';
import { startConsoleStack } from './stack.js';

/**
 * One stack for all console test files: starting it costs far more than the tests themselves.
 * The files use different accounts, and only the error test stops a gateway (its own, the second).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startConsoleStack();
  project.provide('consoleStack', {
    apiKey: stack.apiKey,
    gateways: stack.gateways.map((gateway) => ({ url: gateway.url, pid: gateway.process.pid as number })),
  });
  return () => stack.stop();
}
