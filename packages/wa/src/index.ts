export { ActionRefusedError } from './errors/action-refused-error.js';
export { EngineUnavailableError } from './errors/engine-unavailable-error.js';
export { FencedWriteError } from './errors/fenced-write-error.js';
export { GroupRefusedError } from './errors/group-refused-error.js';
export { NoPendingQrError } from './errors/no-pending-qr-error.js';
export { NotConnectedError } from './errors/not-connected-error.js';
export { SendForbiddenError } from './errors/send-forbidden-error.js';
export { SendRefusedError } from './errors/send-refused-error.js';
export type { PresenceState, ReadTarget } from './model/chat-actions.js';
export * from './model/message.js';
export type { ForwardContent, OutboundAction } from './model/message-actions.js';
export type { AuthKeyWrites, AuthStateAdapter } from './port/auth-state.js';
export type {
  CallStatus,
  ContactNames,
  ContactProfile,
  ContactsSession,
  IncomingCall,
  NumberCheck,
  OwnProfileUpdate,
} from './port/contacts.js';
export * from './port/disconnect-codes.js';
export type {
  AccountIdentity,
  ConnectOptions,
  EngineHandlers,
  PhoneScanOptions,
  WaEngine,
  WaSession,
} from './port/engine.js';
export type * from './port/groups.js';
export { assertMaySendToGroup } from './rules/group-send-rule.js';
