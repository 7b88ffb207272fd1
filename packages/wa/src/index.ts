export { EngineUnavailableError } from './errors/engine-unavailable-error.js';
export { NoPendingQrError } from './errors/no-pending-qr-error.js';
export { NotConnectedError } from './errors/not-connected-error.js';
export { SendRefusedError } from './errors/send-refused-error.js';
export * from './model/message.js';
export { type AuthStateAdapter, authStateFromStore } from './port/auth-state.js';
export * from './port/disconnect-codes.js';
export type { AccountIdentity, ConnectOptions, EngineHandlers, WaEngine, WaSession } from './port/engine.js';
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
} from './sandbox/network.js';
export {
  createSandboxEngine,
  type SandboxEngine,
  type SandboxEngineOptions,
} from './sandbox/sandbox-engine.js';
