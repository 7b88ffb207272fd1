/** The network's own delivery of one message frame, as a sandbox sender makes it (benchmarks, tests). */
export { deliverMessage } from './deliver.js';
export { NoPendingQrError } from './errors/no-pending-qr-error.js';
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
export { createSandboxEngine, type SandboxEngine, type SandboxEngineOptions } from './sandbox-engine.js';
