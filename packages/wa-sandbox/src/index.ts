/** The network's own delivery of one message frame, as a sandbox sender makes it (benchmarks, tests). */

/** Thrown by scanSandboxQr; the port owns it so the worker can answer 409 without knowing the engine. */
export { NoPendingQrError } from '@wildcat/wa';
export { deliverMessage } from './deliver.js';
export { type InjectedMedia, type InjectedMessage, injectSandboxMessage } from './inject-message.js';
export {
  enableSandboxTrace,
  hasPendingSandboxQr,
  injectSandboxDisconnect,
  liveSocketCount,
  type SandboxStats,
  sandboxDeliveries,
  sandboxJidOf,
  sandboxStats,
  scanSandboxQr,
} from './network.js';
export { placeSandboxCall } from './sandbox-calls.js';
export { createSandboxEngine, type SandboxEngine, type SandboxEngineOptions } from './sandbox-engine.js';
