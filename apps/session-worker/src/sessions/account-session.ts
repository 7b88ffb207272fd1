import { type AccountStatus, writeStatus } from '@wildcat/redis-bus';
import type { AccountDoc, IdentityWrites, Store } from '@wildcat/store';
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
import {
  accountQrEvent,
  accountStatusEvent,
  type Publish,
  type StatusChange,
} from '../events/status-events.js';
import type { InboundPersister } from '../inbound/inbound-persister.js';
import { decideReconnect, type PolicyOptions } from './reconnect-policy.js';
import { storeAuthState } from './store-auth-state.js';

export interface SessionDeps {
  engine: WaEngine;
  store: Store;
  redis: Redis;
  workerId: string;
  logger: Logger;
  publish: Publish;
  inbound: InboundPersister;
  policy: PolicyOptions;
  onAlert?(accountId: string, code: number): void;
  /** Batches identity writes across sessions; without it each open writes its own. */
  identities?: IdentityWrites;
}

type Waiter = (open: boolean) => void;

/**
 * One account on the worker that owns its shard: its engine socket, its status in Redis and
 * the reconnect policy applied to every close the worker did not ask for. Status writes carry
 * the shard's lease epoch, so a worker that lost the shard cannot overwrite the new owner.
 */
export class AccountSession {
  status: AccountStatus = 'not_started';
  private socket?: WaSession;
  private connecting = false;
  private generation = 0;
  private attempts = 0;
  private awaitingScan = false;
  private reconnectTimer?: NodeJS.Timeout;
  private waiters = new Set<Waiter>();
  private stopped = false;
  /** A connect is queued (takeover starts sessions through a limiter): sends should wait for it. */
  private connectQueued = false;
  private last: Omit<StatusChange, 'lastUpdate'> = { status: 'not_started' };

  constructor(
    readonly account: AccountDoc,
    readonly epoch: number,
    private readonly deps: SessionDeps,
  ) {}

  get accountId(): string {
    return this.account._id;
  }

  get jid(): string | undefined {
    return this.last.jid;
  }

  isOpen(): boolean {
    return this.status === 'connected' && this.socket?.isOpen() === true;
  }

  isWaitingForScan(): boolean {
    return this.awaitingScan;
  }

  expectConnect(): void {
    this.connectQueued = true;
  }

  /** Opens a socket unless one is open or opening; cancels a pending reconnect. */
  async connect(): Promise<void> {
    this.connectQueued = false;
    if (this.stopped || this.socket || this.connecting) return;
    clearTimeout(this.reconnectTimer);
    this.connecting = true;
    const generation = ++this.generation;
    try {
      if (this.status !== 'reconnecting') await this.setStatus({ status: 'connecting', jid: this.last.jid });
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
        getMessage: async (messageId) => this.deps.store.messages.getContent(this.accountId, messageId),
      });
      if (this.stopped || generation !== this.generation) await socket.close();
      else this.socket = socket;
    } catch (error) {
      this.deps.logger.warn({ err: error, accountId: this.accountId }, 'connect failed');
      if (generation === this.generation)
        void this.closed({ code: 500, reason: 'connect failed', wasOpen: false });
    } finally {
      this.connecting = false;
    }
  }

  private handlers(generation: number): EngineHandlers {
    const current = () => generation === this.generation && !this.stopped;
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
    };
  }

  private async showQr(qr: string): Promise<void> {
    this.awaitingScan = true;
    this.wake(false);
    const now = Date.now();
    await this.setStatus({ status: 'connecting', qr }, now);
    await this.deps.publish(accountQrEvent(this.accountId, qr, now)).catch(() => undefined);
  }

  private async opened(identity: AccountIdentity): Promise<void> {
    this.awaitingScan = false;
    this.attempts = 0;
    await this.setStatus({ status: 'connected', jid: identity.jid, pushName: identity.pushName });
    if (identity.jid !== this.account.jid || identity.pushName !== this.account.pushName) {
      const { identities } = this.deps;
      if (identities) await identities.write(this.accountId, identity);
      else await this.deps.store.accounts.setIdentity(this.accountId, identity).catch(() => undefined);
      this.account.jid = identity.jid;
      this.account.pushName = identity.pushName;
    }
    for (const waiter of this.waiters) waiter(true);
    this.waiters.clear();
  }

  private async closed(info: DisconnectInfo): Promise<void> {
    this.socket = undefined;
    this.generation++;
    const decision = decideReconnect(
      info,
      { attempts: this.attempts, awaitingScan: this.awaitingScan },
      this.deps.policy,
    );
    this.awaitingScan = false;
    const log = { accountId: this.accountId, code: info.code, decision };
    if (decision.action === 'reconnect') {
      this.deps.logger.info(log, 'socket closed; reconnecting');
      this.attempts++;
      if (decision.refreshVersion) await this.deps.engine.refreshVersion?.().catch(() => undefined);
      await this.setStatus({ status: 'reconnecting', jid: this.last.jid, reason: decision.reason });
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
    this.wake(false);
  }

  private async wipeCreds(): Promise<void> {
    await this.deps.store.authState(this.account.collectionName).clear(this.epoch);
  }

  /** Resolves true once open, false when it cannot open within `timeoutMs` without a human (QR). */
  async waitUntilOpen(timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (this.isOpen()) return true;
    const pending = this.connectQueued || this.status === 'connecting' || this.status === 'reconnecting';
    if (!pending || this.awaitingScan || this.stopped || signal.aborted) return false;
    return new Promise<boolean>((resolve) => {
      const done = (open: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(done);
        resolve(open);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(done);
    });
  }

  /** The open socket, for sends. */
  openSocket(): WaSession | undefined {
    return this.isOpen() ? this.socket : undefined;
  }

  private wake(open: boolean): void {
    for (const waiter of this.waiters) waiter(open);
    this.waiters.clear();
  }

  /**
   * Stops the session. `status` is written (fenced) unless undefined, which is how a shard that
   * was lost closes: it must not write anything any more.
   */
  async stop(status: AccountStatus | undefined, reason?: string): Promise<void> {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.wake(false);
    await socket?.close().catch((error) => this.deps.logger.warn({ err: error }, 'socket close failed'));
    if (status) await this.setStatus({ status, reason }, Date.now(), true);
  }

  /** Unlinks the device and wipes credentials (also without a live socket). */
  async logout(): Promise<void> {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.wake(false);
    if (socket) await socket.logout().catch(() => undefined);
    await this.wipeCreds();
    await this.setStatus({ status: 'logged_out' }, Date.now(), true);
  }

  async requestPairingCode(phone: string): Promise<string> {
    if (!this.socket || !this.awaitingScan) throw new Error('account is not waiting for pairing');
    return this.socket.requestPairingCode(phone);
  }

  private async setStatus(
    change: Omit<StatusChange, 'lastUpdate'>,
    now = Date.now(),
    force = false,
  ): Promise<void> {
    if (this.stopped && !force) return;
    this.status = change.status;
    const same =
      this.last.status === change.status && this.last.qr === change.qr && this.last.reason === change.reason;
    const keep = change.status !== 'logged_out';
    this.last = {
      ...change,
      jid: change.jid ?? (keep ? this.last.jid : undefined),
      pushName: change.pushName ?? (keep ? this.last.pushName : undefined),
    };
    if (same) return;
    const record = { ...this.last, lastUpdate: now };
    try {
      const applied = await writeStatus(this.deps.redis, this.accountId, {
        ...record,
        epoch: this.epoch,
        owner: change.status === 'not_started' ? undefined : this.deps.workerId,
      });
      if (applied) await this.deps.publish(accountStatusEvent(this.accountId, record));
    } catch (error) {
      this.deps.logger.warn({ err: error, accountId: this.accountId }, 'status write failed');
    }
  }
}
