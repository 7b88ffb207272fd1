import { randomBytes } from 'node:crypto';
import {
  type ConnectOptions,
  type ContactsSession,
  NotConnectedError,
  type OutboundMessage,
  type PresenceState,
  type ReadTarget,
  type SendResult,
  type WaSession,
} from '@wildcat/wa';
import type { ControlFrame, InboxFrame, PendingQr, SandboxCreds } from './frames.js';
import { handleInboxFrame } from './inbox-frame.js';
import { sandboxKeys } from './keys.js';
import { syncAddressBook } from './sandbox-address-book.js';
import { sandboxContacts } from './sandbox-contacts.js';
import { SandboxGroups } from './sandbox-groups.js';
import type { SandboxHost } from './sandbox-host.js';
import { InboxDrain } from './sandbox-inbox-drain.js';
import {
  markReadOverSandbox,
  presenceOverSandbox,
  type SandboxSender,
  sendOverSandbox,
} from './sandbox-outbound.js';

type State = 'starting' | 'pairing' | 'open' | 'closed';

/**
 * One sandbox "socket". Everything it receives goes through one ordered chain of handler calls,
 * and an inbox entry is removed only after its handler resolved: a crash re-delivers it.
 */
export class SandboxSession implements WaSession {
  readonly socketId = randomBytes(8).toString('hex');
  readonly loggedInAt = Date.now();
  private state: State = 'starting';
  private jid?: string;
  private pushName?: string;
  private qrRef?: string;
  private qrTimer?: NodeJS.Timeout;
  private chain: Promise<unknown> = Promise.resolve();
  readonly contacts: ContactsSession;
  readonly groups = new SandboxGroups(() => ({ redis: this.host.redis, jid: this.openSender().jid }));
  private readonly inbox: InboxDrain;

  constructor(
    private readonly host: SandboxHost<SandboxSession>,
    private readonly options: ConnectOptions,
  ) {
    this.contacts = sandboxContacts({
      host,
      sender: () => this.openSender(),
      auth: options.auth,
      renamed: (name) => {
        this.pushName = name;
      },
    });
    this.inbox = new InboxDrain({
      redis: host.redis,
      key: sandboxKeys.inbox(options.accountId),
      isOpen: () => this.state === 'open',
      handle: (frame) => this.handle(frame),
      onError: (error) =>
        options.logger.warn(
          { err: error, accountId: this.accountId },
          'sandbox inbox handling failed; retrying',
        ),
      trace: (message, fields) => this.trace(message, fields),
    });
  }

  get accountId(): string {
    return this.options.accountId;
  }

  isOpen(): boolean {
    return this.state === 'open';
  }

  /** Registers the socket, then pairs or logs in in the background (handlers report progress). */
  async start(): Promise<void> {
    const newest = await this.host.register(this);
    this.options.trace?.debug(
      { accountId: this.accountId, socketId: this.socketId, newest },
      newest ? 'sandbox socket: registered' : 'sandbox socket: a newer login is live; replaced',
    );
    if (!newest) {
      setImmediate(() => void this.fail(440, 'replaced'));
      return;
    }
    setImmediate(() => {
      this.boot().catch((error) => this.fail(500, `sandbox start failed: ${(error as Error).message}`));
    });
  }

  private async boot(): Promise<void> {
    const creds = await this.options.auth.readCreds<SandboxCreds>();
    if (this.state !== 'starting') return;
    // Creds another engine wrote (Baileys'): a logout with the reason, so the worker wipes them
    // and the next connect shows a QR code, instead of a misleading "device was unlinked".
    if (creds && (creds as { platform?: unknown }).platform !== 'wildcat-sandbox')
      return this.fail(
        401,
        'stored credentials are unusable by the sandbox engine (written by another engine); a new QR code scan is needed',
      );
    if (creds?.me?.id) {
      const linked = await this.host.redis.get(sandboxKeys.jid(creds.me.id));
      if (linked !== this.accountId) return this.fail(401, 'device was unlinked');
      return this.open(creds.me.id, creds.me.name);
    }
    await this.showQr();
  }

  private async showQr(phone?: string): Promise<void> {
    this.state = 'pairing';
    this.qrRef = randomBytes(12).toString('base64url');
    const pending: PendingQr = { ref: this.qrRef, socketId: this.socketId, ...(phone ? { phone } : {}) };
    await this.host.redis.set(
      sandboxKeys.qr(this.accountId),
      JSON.stringify(pending),
      'PX',
      this.host.qrTimeoutMs,
    );
    const qr = `wcsbx://pair/${this.accountId}/${this.qrRef}`;
    clearTimeout(this.qrTimer);
    this.qrTimer = setTimeout(() => void this.fail(408, 'QR code expired'), this.host.qrTimeoutMs);
    this.qrTimer.unref();
    await this.emit(() => this.options.handlers.onQr(qr));
  }

  private async open(jid: string, pushName?: string): Promise<void> {
    this.state = 'open';
    this.jid = jid;
    this.pushName = pushName;
    await this.emit(() => this.options.handlers.onOpen({ jid, ...(pushName ? { pushName } : {}) }));
    await syncAddressBook(this.host.redis, this.accountId, this.options.handlers, (call) => this.emit(call));
    this.inbox.run();
  }

  /** A frame from this account's pub/sub channel. */
  onFrame(raw: string): void {
    if (this.state === 'closed') return;
    if (raw === 'inbox') {
      this.inbox.run();
      return;
    }
    let frame: ControlFrame;
    try {
      frame = JSON.parse(raw) as ControlFrame;
    } catch {
      // Only the network's own code publishes on this channel: anything unparsable is not for us.
      return;
    }
    if (frame.t === 'replaced' && frame.socketId === this.socketId) {
      this.options.trace?.debug(
        { accountId: this.accountId, socketId: this.socketId },
        'sandbox socket: replaced',
      );
      void this.fail(440, 'replaced');
    } else if (frame.t === 'disconnect') void this.injected(frame.code);
    else if (frame.t === 'scan' && this.state === 'pairing' && frame.ref === this.qrRef)
      void this.paired(frame);
  }

  /** After the shared subscriber reconnected: notices may have been lost while it was away. */
  wake(): void {
    this.inbox.run();
  }

  private async injected(code: number): Promise<void> {
    // The server logging a device out unlinks it, as a phone's "log out all devices" does.
    if (code === 401 && this.jid) await this.unlink();
    await this.fail(code, `injected ${code}`);
  }

  private async paired(frame: Extract<ControlFrame, { t: 'scan' }>): Promise<void> {
    clearTimeout(this.qrTimer);
    this.qrRef = undefined;
    const creds: SandboxCreds = {
      platform: 'wildcat-sandbox',
      registered: true,
      me: { id: frame.jid, name: frame.pushName },
    };
    try {
      await this.options.auth.writeCreds(creds);
    } catch (error) {
      return this.fail(500, `could not store credentials: ${(error as Error).message}`);
    }
    if (this.state === 'pairing') await this.open(frame.jid, frame.pushName);
  }

  private emit<T>(call: () => T | Promise<T>): Promise<T> {
    const next = this.chain.then(call);
    // The chain only keeps handlers in order; each caller hears its own failure through `next`.
    this.chain = next.catch(() => undefined);
    return next;
  }

  private trace(message: string, fields: object): void {
    this.options.trace?.debug({ accountId: this.accountId, ...fields }, message);
  }

  private handle(frame: InboxFrame): Promise<void> {
    const { redis } = this.host;
    return handleInboxFrame(frame, { redis, handlers: this.options.handlers, jid: this.jid }, (call) =>
      this.emit(call),
    );
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    return sendOverSandbox(this.host, this.openSender(), message, this.options.trace);
  }

  async markRead(chatId: string, messages: readonly (string | ReadTarget)[]): Promise<void> {
    await markReadOverSandbox(this.host, this.openSender(), chatId, messages);
  }

  async sendPresence(state: PresenceState, chatId?: string): Promise<void> {
    await presenceOverSandbox(this.host, this.openSender(), state, chatId);
  }

  private openSender(): SandboxSender {
    if (this.state !== 'open' || !this.jid) throw new NotConnectedError(this.accountId);
    return {
      accountId: this.accountId,
      jid: this.jid,
      ...(this.pushName ? { pushName: this.pushName } : {}),
    };
  }

  async requestPairingCode(phone: string): Promise<string> {
    if (this.state !== 'pairing')
      throw new Error('pairing codes are only available while waiting for pairing');
    await this.showQr(phone);
    return randomBytes(6).toString('base64url').replace(/[-_]/g, 'X').slice(0, 8).toUpperCase();
  }

  async logout(): Promise<void> {
    if (this.jid) await this.unlink();
    await this.options.auth.clear();
    await this.teardown();
  }

  async close(): Promise<void> {
    await this.teardown();
  }

  private async unlink(): Promise<void> {
    const key = sandboxKeys.jid(this.jid!);
    if ((await this.host.redis.get(key)) === this.accountId) await this.host.redis.del(key);
  }

  private async fail(code: number, reason: string): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    await this.teardown();
    await this.emit(() => this.options.handlers.onClose({ code, reason, wasOpen })).catch((error) =>
      this.options.logger.error({ err: error, accountId: this.accountId }, 'onClose handler failed'),
    );
  }

  private async teardown(): Promise<void> {
    if (this.state === 'closed') return;
    const hadQr = this.state === 'pairing';
    this.state = 'closed';
    clearTimeout(this.qrTimer);
    this.inbox.stop();
    const { redis } = this.host;
    // Best effort: the QR key expires with the QR anyway, and closing must not fail over it.
    if (hadQr) {
      const raw = await redis.get(sandboxKeys.qr(this.accountId)).catch(() => null);
      if (raw && (JSON.parse(raw) as PendingQr).socketId === this.socketId)
        await redis.del(sandboxKeys.qr(this.accountId)).catch(() => undefined);
    }
    await this.host.unregister(this);
  }
}
