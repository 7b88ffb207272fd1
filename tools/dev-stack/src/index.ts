export { readOrCreateApiKey } from './api-key.js';
export { DataDirInUseError } from './data-dir-in-use-error.js';
export { lockDataDir } from './data-dir-lock.js';
export { formatLogLine } from './log-line.js';
export { ManagedProcess, type ManagedProcessOptions } from './managed-process.js';
export { redisReachable, waitForHttp } from './probes.js';
export { type AppProcess, type RunningStack, startStack } from './stack.js';
export type { AppKind, StackOptions } from './stack-options.js';
