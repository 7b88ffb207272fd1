import type { AccountStatus } from '@wildcat/redis-bus';
import type { AccountDoc, IdentityWrites, LiveStatusMirror, Store } from '@wildcat/store';
import type {
  AccountIdentity,
  DisconnectInfo,
  EngineHandlers,
  InboundMessage,
  Receipt,
  WaEngine,
  WaSession,
} from '@wildcat/wa';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { accountQrEvent, type Publish } from '../events/status-events.js';
import type { WithGroupKeeper } from '../groups/group-keeper.js';
import type { InboundPersister } from '../inbound/inbound-persister.js';
import { callHandler } from './call-events.js';
import { engineMismatch } from './engine-ownership.js';
import { OpenWaiters } from './open-waiters.js';
import { decideReconnect, type PolicyOptions } from './reconnect-policy.js';
import { SessionLifecycle, type SessionState } from './session-lifecycle.js';
import { type StatusUpdate, StatusWriter } from './status-writer.js';
import { storeAuthState } from './store-auth-state.js';

export interface SessionDeps extends WithGroupKeeper {
  engine: WaEngine;
  store: Store;
  redis: Redis;
  workerId: string;
  logger: Logger;
  /** Debug log of each message id through the engine (see ConnectOptions.trace). */
  trace?: Logger;
  publish: Publish;
  inbound: InboundPersister;
  policy: PolicyOptions;
  onAlert?(accountId: string, code: number): void;
  /** Batches identity writes across sessions; without it each open writes its own. */
  identities?: IdentityWrites;
  /** Mirrors status buckets into the store, batched across sessions (StatusWriter). */
  liveMirror?: LiveStatusMirror;
}

/**
 * One account on the worker that owns its shard: its engine socket, its status in Redis and
 * the reconnect policy applied to every close the worker did not ask for. Status writes carry
 * the shard's lease epoch, so a worker that lost the shard cannot overwrite the new owner.
 * Its life follows the transition table in session-lifecycle.ts.
 */
export class AccountSession {
  private socket?: WaSession;
  /** Which socket's events count: bumped whenever a socket is replaced or closed. */
  private generation = 0;
  private attempts = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly waiters = new OpenWaiters();
  private readonly lifecycle: SessionLifecycle;
  /** Also written by a rename (contacts-control.ts): the push name is part of the status. */
  readonly statusWriter: StatusWriter;

  constructor(
    readonly account: AccountDoc,
    readonly epoch: number,
    private readonly deps: SessionDeps,
  ) {
    this.statusWriter = new StatusWriter(account._id, epoch, deps);
    this.lifecycle = new SessionLifecycle((state, event) =>
      deps.logger.warn({ accountId: account._id, state, event }, 'session transition refused'),
    );
  }

  get accountId(): string {
    return this.account._id;
  }

  get jid(): string | undefined {
    return this.statusWriter.jid;
  }

  /** The account's status as this session last wrote it (what clients read). */
  get status(): AccountStatus {
    return this.statusWriter.status;
  }

  get state(): SessionState {
    return this.lifecycle.state;
  }

  isOpen(): boolean {
    return this.lifecycle.state === 'open' && this.socket?.isOpen() === true;
  }

  isWaitingForScan(): boolean {
    return this.lifecycle.state === 'awaiting_scan';
  }

  expectConnect(): void {
    this.lifecycle.fire('expect');
  }

  /** Opens a socket unless one is open or opening; cancels a pending reconnect. */
  async connect(): Promise<void> {
    const mismatch = engineMismatch(this.account, this.deps.engine.name);
    if (mismatch) return this.refuseEngine(mismatch);
    if (!this.lifecycle.fire('connect')) return;
    clearTimeout(this.reconnectTimer);
    const generation = ++this.generation;
    try {
      if (this.status !== 'reconnecting') await this.setStatus({ status: 'connecting', jid: this.jid });
      // Stopped while the status was written: no socket to open.
      if (generation !== this.generation) return;
      const auth = storeAuthState(
        this.accountId,
        this.deps.store.authState(this.account.collectionName),
        this.epoch,
      );
      const socket = await this.deps.engine.connect({
        accountId: this.accountId,
        auth,
        handlers: this.handlers(generation),
        logger: this.deps.logger,
        ...(this.deps.trace ? { trace: this.deps.trace } : {}),
        getMessage: async (messageId) => this.deps.store.messages.getContent(this.accountId, messageId),
        cachedGroupMetadata: async (groupId) => this.deps.groups?.cached(this.accountId, groupId),
      });
      if (generation !== this.generation) await socket.close();
      else this.socket = socket;
    } catch (error) {
      this.deps.logger.warn({ err: error, accountId: this.accountId }, 'connect failed');
      if (generation === this.generation)
        void this.closed({ code: 500, reason: 'connect failed', wasOpen: false });
    }
  }

  private handlers(generation: number): EngineHandlers {
    const current = () => generation === this.generation;
    return {
      onQr: async (qr) => {
        if (current()) await this.showQr(qr);
      },
      onOpen: async (identity) => {
        if (current()) await this.opened(identity);
      },
      onClose: async (info) => {
        if (current()) await this.closed(info);
      },
      onMessage: (message: InboundMessage) => this.deps.inbound.message(this.accountId, message),
      onReceipt: (receipt: Receipt) => this.deps.inbound.receipt(this.accountId, receipt),
      onCall: callHandler(this.accountId, () => this.openSocket(), this.deps),
      onGroupEvent: async (event) => this.deps.groups?.event(this.accountId, this.jid, event),
      onContacts: (contacts) => this.deps.store.contacts.saveNames(this.accountId, contacts),
    };
  }

  private async showQr(qr: string): Promise<void> {
    if (!this.lifecycle.fire('qr')) return;
    this.waiters.wake(false);
    const now = Date.now();
    await this.setStatus({ status: 'connecting', qr }, now);
    await this.deps
      .publish(accountQrEvent(this.accountId, qr, now))
      .catch((error) => this.deps.logger.warn({ err: error, accountId: this.accountId }, 'QR event lost'));
  }

  private async opened(identity: AccountIdentity): Promise<void> {
    if (!this.lifecycle.fire('open')) return;
    this.attempts = 0;
    await this.setStatus({ status: 'connected', jid: identity.jid, pushName: identity.pushName });
    const engine = this.deps.engine.name;
    if (
      identity.jid !== this.account.jid ||
      identity.pushName !== this.account.pushName ||
      engine !== this.account.engine
    ) {
      const { identities } = this.deps;
      // Best effort: the status above already carries the identity, and the next open writes it again.
      if (identities) await identities.write(this.accountId, { ...identity, engine });
      else
        await this.deps.store.accounts
          .setIdentity(this.accountId, { ...identity, engine })
          .catch((error) =>
            this.deps.logger.warn({ err: error, accountId: this.accountId }, 'identity write failed'),
          );
      this.account.jid = identity.jid;
      this.account.pushName = identity.pushName;
      this.account.engine = engine;
    }
    this.waiters.wake(true);
    void this.deps.groups?.sync(this.accountId, this.socket?.groups);
  }

  private async closed(info: DisconnectInfo): Promise<void> {
    const awaitingScan = this.lifecycle.state === 'awaiting_scan';
    const decision = decideReconnect(info, { attempts: this.attempts, awaitingScan }, this.deps.policy);
    if (!this.lifecycle.fire(decision.action === 'reconnect' ? 'retry' : 'halt')) return;
    this.socket = undefined;
    this.generation++;
    const log = { accountId: this.accountId, code: info.code, decision };
    if (decision.action === 'reconnect') {
      this.deps.logger.info(log, 'socket closed; reconnecting');
      this.attempts++;
      if (decision.refreshVersion)
        await this.deps.engine
          .refreshVersion?.()
          // The current version is tried again; the backoff keeps that from spinning.
          .catch((error) => this.deps.logger.warn({ err: error }, 'client version refresh failed'));
      await this.setStatus({ status: 'reconnecting', jid: this.jid, reason: decision.reason });
      // Stopped (or connected by a command) while the status was written: nothing to schedule.
      if (this.lifecycle.state !== 'backoff') return;
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => void this.connect(), decision.delayMs);
      return;
    }
    if (decision.alert) {
      this.deps.logger.error(log, 'socket closed by WhatsApp; stopped');
      this.deps.onAlert?.(this.accountId, info.code);
    } else this.deps.logger.info(log, 'socket closed; stopped');
    if (decision.wipeCreds) await this.wipeCreds();
    if (decision.desiredState)
      await this.deps.store.accounts.setDesiredState(this.accountId, decision.desiredState);
    await this.setStatus({ status: decision.status, reason: decision.reason });
    this.waiters.wake(false);
  }

  private async wipeCreds(): Promise<void> {
    await this.deps.store.authState(this.account.collectionName).clear(this.epoch);
  }

  /** Resolves true once open, false when it cannot open within `timeoutMs` without a human (QR). */
  async waitUntilOpen(timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (this.isOpen()) return true;
    const { state } = this.lifecycle;
    const pending = state === 'queued' || state === 'opening' || state === 'backoff';
    if (!pending) return false;
    return this.waiters.wait(timeoutMs, signal);
  }

  /** The open socket, for sends. */
  openSocket(): WaSession | undefined {
    return this.isOpen() ? this.socket : undefined;
  }

  /** Forgets the socket (its late events are dropped) and cancels a scheduled reconnect. */
  private detach(): WaSession | undefined {
    this.generation++;
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.waiters.wake(false);
    return socket;
  }

  /** The account belongs to another engine: stop once, saying why, keeping its credentials. */
  private async refuseEngine(reason: string): Promise<void> {
    this.deps.logger.warn({ accountId: this.accountId, reason }, 'account not opened on this engine');
    await this.stop('logged_out', reason);
  }

  /** Stops; `status` is written (fenced) unless undefined: a lost shard must write nothing more. */
  async stop(status: AccountStatus | undefined, reason?: string): Promise<void> {
    if (!this.lifecycle.fire('stop')) return;
    const socket = this.detach();
    await socket?.close().catch((error) => this.deps.logger.warn({ err: error }, 'socket close failed'));
    if (status) await this.setStatus({ status, reason }, Date.now(), true);
  }

  /** Unlinks the device and wipes credentials (also without a live socket). */
  async logout(): Promise<void> {
    if (!this.lifecycle.fire('logout')) return;
    const socket = this.detach();
    // The credentials are wiped below either way; a device WhatsApp still lists is unlinked by its owner.
    if (socket)
      await socket
        .logout()
        .catch((error) => this.deps.logger.warn({ err: error, accountId: this.accountId }, 'unlink failed'));
    await this.wipeCreds();
    await this.setStatus({ status: 'logged_out' }, Date.now(), true);
  }

  async requestPairingCode(phone: string): Promise<string> {
    if (!this.socket || !this.isWaitingForScan()) throw new Error('account is not waiting for pairing');
    return this.socket.requestPairingCode(phone);
  }

  /** Writes the account's status; once stopped only a forced write (the stop's own) goes out. */
  private async setStatus(change: StatusUpdate, now = Date.now(), force = false): Promise<void> {
    if (this.lifecycle.state === 'stopped' && !force) return;
    await this.statusWriter.write(change, now, force);
  }
}
