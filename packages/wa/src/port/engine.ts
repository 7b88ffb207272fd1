import type { Logger } from 'pino';
import type { PresenceState, ReadTarget } from '../model/chat-actions.js';
import type { InboundMessage, OutboundMessage, Receipt, SendResult } from '../model/message.js';
import type { AuthStateAdapter } from './auth-state.js';
import type { ContactNames, ContactsSession, IncomingCall } from './contacts.js';
import type { DisconnectInfo } from './disconnect-codes.js';
import type { GroupEvent, GroupMetadata, WaGroups } from './groups.js';

export interface AccountIdentity {
  /** Own JID, e.g. 919876543210@s.whatsapp.net */
  jid: string;
  pushName?: string;
}

/**
 * Callbacks an engine calls for one session. Handlers are awaited in order per session: an
 * engine does not acknowledge an inbound message to the network before `onMessage` resolved,
 * so a crash re-delivers it (the worker stores idempotently).
 */
export interface EngineHandlers {
  /** A (new) QR string to show while waiting for a scan. */
  onQr(qr: string): void | Promise<void>;
  /** Paired/logged in and ready to send. */
  onOpen(identity: AccountIdentity): void | Promise<void>;
  /** The socket closed without the worker asking (`close()`/`logout()` do not call this). */
  onClose(info: DisconnectInfo): void | Promise<void>;
  onMessage(message: InboundMessage): void | Promise<void>;
  onReceipt(receipt: Receipt): void | Promise<void>;
  /** An incoming call or a later stage of it (port/contacts.ts). */
  onCall?(call: IncomingCall): void | Promise<void>;
  /** Group notifications (members, settings, snapshots); see port/groups.ts. */
  onGroupEvent?(event: GroupEvent): void | Promise<void>;
  /** Address-book names and verified names the phone synced (port/contacts.ts). */
  onContacts?(contacts: ContactNames[]): void | Promise<void>;
}

export interface ConnectOptions {
  accountId: string;
  auth: AuthStateAdapter;
  handlers: EngineHandlers;
  logger: Logger;
  /**
   * Debug log of each message id the engine takes in, hands to `onMessage`/`onReceipt` and
   * acknowledges, so a lost message can be located; given only when debug logging is on.
   */
  trace?: Logger;
  /** Content of a message we sent earlier (Baileys' getMessage for retries); undefined on a miss. */
  getMessage?(messageId: string): Promise<unknown | undefined>;
  /** The stored metadata of a group, so a send to it does not fetch it again (Baileys' cachedGroupMetadata). */
  cachedGroupMetadata?(groupId: string): Promise<GroupMetadata | undefined>;
}

/** One live WhatsApp connection of one account. */
export interface WaSession {
  readonly accountId: string;
  /** Whether the session is paired and open for sending. */
  isOpen(): boolean;
  /** Sends under `message.messageId`; throws NotConnectedError or SendRefusedError. */
  send(message: OutboundMessage): Promise<SendResult>;
  /** Sends read receipts for messages in a chat (ids, or targets naming each author in groups). */
  markRead(chatId: string, messages: readonly (string | ReadTarget)[]): Promise<void>;
  /** Announces presence: available/unavailable for the account, a chat state to `chatId`. */
  sendPresence(state: PresenceState, chatId?: string): Promise<void>;
  /** Pairing by phone number instead of QR; only while waiting for pairing. */
  requestPairingCode(phone: string): Promise<string>;
  /** Group actions; absent on a session that cannot do them (a refused session). */
  readonly groups?: WaGroups;
  /** Unlinks the device and wipes credentials (through the auth adapter), then closes. */
  logout(): Promise<void>;
  /** Closes the socket, keeping credentials. Idempotent. */
  close(): Promise<void>;
  /** Contacts, calls and own profile (port/contacts.ts); absent on a session that cannot have them. */
  readonly contacts?: ContactsSession;
}

export interface PhoneScanOptions {
  /** The name the phone's owner goes by (default: the account id). */
  pushName?: string;
  /** The phone runs WhatsApp Business: others see the number as a business (isBusiness). */
  business?: boolean;
}

/** One engine instance per worker process; it may share resources (connections) across sessions. */
export interface WaEngine {
  readonly name: 'baileys' | 'sandbox';
  connect(options: ConnectOptions): Promise<WaSession>;
  /**
   * Only engines that play the phone, i.e. the sandbox: "scans" the QR code the account's socket
   * is showing, wherever that socket runs, linking the device; resolves the JID it was given.
   * Throws NoPendingQrError when no QR code is waiting.
   */
  simulatePhoneScan?(accountId: string, options?: PhoneScanOptions): Promise<{ jid: string }>;
  /**
   * Only the sandbox: account `accountId` calls `to` (another sandbox account, whose session gets
   * the offer through `onCall`); resolves the call id. Throws ActionRefusedError (badInput) when
   * `to` is no sandbox account or `accountId` has no number.
   */
  simulateCall?(accountId: string, to: string, options?: { isVideo?: boolean }): Promise<{ callId: string }>;
  /**
   * Only the sandbox: the phone of `accountId` saves `jid` in its address book as `name`, and syncs
   * it to the linked device (its session reports it through `onContacts`).
   */
  simulateSavedContact?(accountId: string, jid: string, name: string): Promise<void>;
  /** Called before reconnecting after a 405 (client version refused). */
  refreshVersion?(): Promise<void>;
  /** Releases engine-wide resources after every session closed. */
  close(): Promise<void>;
}
