import type { Boom } from '@hapi/boom';
import {
  type ConnectionState,
  DisconnectReason,
  downloadMediaMessage,
  makeWASocket,
  type UserFacingSocketConfig,
  type WAMessage,
} from '@whiskeysockets/baileys';
import {
  type ConnectOptions,
  type ContactsSession,
  type FencedWriteError,
  NotConnectedError,
  type OutboundMessage,
  type PresenceState,
  type ReadTarget,
  SendRefusedError,
  type WaSession,
} from '@wildcat/wa';
import type { Logger } from 'pino';
import { type StoredAuthState, storedAuthState } from './auth-state.js';
import { baileysContacts } from './baileys-contacts.js';
import { BaileysGroups, listenGroups } from './baileys-groups.js';
import { accountJid } from './jids.js';
import { CallTracker } from './map-call.js';
import { listenContacts } from './map-contacts.js';
import { mapInbound } from './map-inbound.js';
import { receiptFromUpdate, receiptFromUserReceipt } from './map-receipt.js';
import { deliverPollVote, isPollVote, type PollIdentity } from './poll-votes.js';
import { readKeys } from './read-keys.js';
import { withSharedAsyncStorage } from './shared-async-storage.js';
import type { MediaTransport } from './socket-config.js';
import { type SendResultWithContent, sendThroughSocket } from './socket-send.js';
import { storeHooks } from './store-hooks.js';
import { decodeContent, encodeContent } from './stored-content.js';

type Socket = ReturnType<typeof makeWASocket>;

export type { SendResultWithContent } from './socket-send.js';

export interface SessionSettings {
  socketConfig: Partial<UserFacingSocketConfig>;
  media: MediaTransport | undefined;
  logLevel: string;
  sharedAsyncStorage: boolean;
  onEnded(session: BaileysSession): void;
}

/**
 * One Baileys socket of one account. It never reconnects by itself: every close the worker did
 * not ask for goes to `onClose` with Baileys' numeric code and the worker's reconnect policy
 * decides (515 → a new `connect`, 401 → wipe, 440 → stop, …).
 */
export class BaileysSession implements WaSession {
  private opened = false;
  private closing = false;
  /** Handlers run one after another, in the order Baileys emitted the events. */
  private queue: Promise<void> = Promise.resolve();
  /** Ids stored before their receipt: their `messages.upsert` that follows is not a new message. */
  private readonly storedBeforeReceipt = new Set<string>();
  private readonly calls = new CallTracker();
  readonly contacts: ContactsSession;
  readonly groups: BaileysGroups;

  private constructor(
    private readonly options: ConnectOptions,
    private readonly auth: StoredAuthState,
    private readonly logger: Logger,
    private readonly settings: SessionSettings,
    private readonly sock: Socket,
  ) {
    this.contacts = baileysContacts(
      sock,
      options.accountId,
      () => this.isOpen(),
      (id) => this.calls.callerAsOffered(id),
    );
    this.groups = new BaileysGroups(sock, () => this.isOpen(), options.accountId);
  }

  static async open(options: ConnectOptions, settings: SessionSettings): Promise<BaileysSession> {
    const logger = options.logger.child(
      { engine: 'baileys', accountId: options.accountId },
      { level: settings.logLevel },
    );
    let session: BaileysSession | undefined;
    const auth = await storedAuthState(options.auth, (error) => session?.fenced(error));
    const create = () =>
      makeWASocket({
        ...settings.socketConfig,
        auth: auth.state,
        logger,
        ...storeHooks(options, logger),
        // Our Baileys patch awaits this before the delivery receipt (see patches/README.md).
        beforeReceipt: async (message) => session?.storeBeforeReceipt(message),
      });
    // one AsyncLocalStorage for all sockets instead of one each (see shared-async-storage.ts)
    const sock = settings.sharedAsyncStorage ? withSharedAsyncStorage(create) : create();
    session = new BaileysSession(options, auth, logger, settings, sock);
    session.listen();
    return session;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  isOpen(): boolean {
    return this.opened && !this.closing;
  }

  private get ownJid(): string {
    const me = this.auth.state.creds.me?.id;
    return me ? accountJid(me) : '';
  }

  private enqueue(what: string, work: () => void | Promise<void>): void {
    // inOrder logs a failed handler; nobody waits on this one.
    void this.inOrder(what, work).catch(() => undefined);
  }

  /** Runs `work` after the handlers before it; the caller hears how it ended. */
  private inOrder(what: string, work: () => void | Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch((error: unknown) => {
      this.logger.error({ err: error }, `${what} handler failed`);
    });
    return run;
  }

  private get identity(): PollIdentity {
    const lid = this.auth.state.creds.me?.lid;
    return { ownJid: this.ownJid, ...(lid ? { ownLid: accountJid(lid) } : {}) };
  }

  private inbound(message: WAMessage): (() => Promise<void>) | undefined {
    if (isPollVote(message))
      return () =>
        deliverPollVote(message, this.identity, (id) => this.load(id), this.options.handlers, this.logger);
    const mapped = mapInbound(message, this.ownJid, (m) => this.openMedia(m));
    if (!mapped) return undefined;
    const content = encodeContent(message);
    return async () => {
      await this.options.handlers.onMessage(content ? Object.assign(mapped, { content }) : mapped);
    };
  }

  /** An earlier message of this account from the worker's store; a failed lookup reads as a miss. */
  private async load(id: string) {
    return decodeContent(
      await this.options.getMessage?.(id).catch((error: unknown) => {
        this.logger.warn({ err: error, messageId: id }, 'stored message lookup failed');
        return undefined;
      }),
    );
  }

  /**
   * The worker's handler stores an incoming message before Baileys sends its delivery receipt
   * (WhatsApp does not resend what was acknowledged): if storing fails, this throws, no receipt
   * goes out and WhatsApp delivers the message again.
   */
  private async storeBeforeReceipt(message: WAMessage): Promise<void> {
    const handle = this.inbound(message);
    const id = message.key.id;
    if (!handle || !id) return;
    await this.inOrder('onMessage', handle);
    this.storedBeforeReceipt.add(id);
  }

  private listen(): void {
    const { ev } = this.sock;
    const { handlers } = this.options;
    ev.on('creds.update', () => {
      this.auth.saveCreds().catch((error) => this.logger.error({ err: error }, 'storing creds failed'));
    });
    ev.on('connection.update', (update) => this.connectionUpdate(update));
    listenGroups(
      this.sock,
      (event) => this.enqueue('onGroupEvent', () => handlers.onGroupEvent?.(event)),
      () => this.ownJid,
    );
    listenContacts(ev, (contacts) => this.enqueue('onContacts', () => handlers.onContacts?.(contacts)));
    ev.on('messages.upsert', ({ messages }) => {
      for (const message of messages) {
        if (message.key.id && this.storedBeforeReceipt.delete(message.key.id)) continue;
        const handle = this.inbound(message);
        if (handle) this.enqueue('onMessage', handle);
      }
    });
    ev.on('messages.update', (updates) => {
      for (const update of updates) {
        const receipt = receiptFromUpdate(update);
        if (receipt) this.enqueue('onReceipt', () => handlers.onReceipt(receipt));
      }
    });
    ev.on('call', (calls) =>
      this.calls.track(calls, (call) => this.enqueue('onCall', () => handlers.onCall?.(call))),
    );
    ev.on('message-receipt.update', (updates) => {
      for (const update of updates) {
        const receipt = receiptFromUserReceipt(update);
        if (receipt) this.enqueue('onReceipt', () => handlers.onReceipt(receipt));
      }
    });
  }

  private connectionUpdate(update: Partial<ConnectionState>): void {
    const { handlers } = this.options;
    const { qr } = update;
    if (qr) this.enqueue('onQr', () => handlers.onQr(qr));
    if (update.connection === 'open') {
      this.opened = true;
      const me = this.auth.state.creds.me;
      const identity = { jid: this.ownJid, ...(me?.name ? { pushName: me.name } : {}) };
      this.enqueue('onOpen', () => handlers.onOpen(identity));
    }
    if (update.connection === 'close') {
      const wasOpen = this.opened;
      this.opened = false;
      this.settings.onEnded(this);
      if (this.closing) return; // close()/logout()/fenced: the worker asked, no onClose
      this.closing = true;
      const error = update.lastDisconnect?.error as Boom | undefined;
      const code = error?.output?.statusCode ?? DisconnectReason.connectionClosed;
      const reason = error?.message;
      // Creds written during pairing must be in the store before the worker reconnects on 515.
      this.enqueue('onClose', async () => {
        await this.auth.flush();
        await handlers.onClose({ code, wasOpen, ...(reason ? { reason } : {}) });
      });
    }
  }

  private openMedia(message: WAMessage) {
    return downloadMediaMessage(
      message,
      'stream',
      this.settings.media?.options ? { options: this.settings.media.options as RequestInit } : {},
      { logger: this.logger, reuploadRequest: (m) => this.sock.updateMediaMessage(m) },
    );
  }

  /** Another worker owns the account now (a fenced write failed): close without a word. */
  private fenced(error: FencedWriteError): void {
    if (this.closing) return;
    this.logger.warn({ err: error }, 'auth write fenced off by a newer lease epoch; closing the socket');
    this.closing = true;
    this.sock.end(undefined);
  }

  async send(message: OutboundMessage): Promise<SendResultWithContent> {
    if (!this.isOpen()) throw new NotConnectedError(this.accountId);
    // A lookup that fails reads as a message we do not have, which the send already handles.
    const load = (id: string) => this.load(id);
    return sendThroughSocket(this.sock, message, load, this.identity, this.options.cachedGroupMetadata);
  }

  async markRead(chatId: string, messages: readonly (string | ReadTarget)[]): Promise<void> {
    if (!this.isOpen()) throw new NotConnectedError(this.accountId);
    await this.sock.readMessages(readKeys(chatId, messages));
  }

  async sendPresence(state: PresenceState, chatId?: string): Promise<void> {
    if (!this.isOpen()) throw new NotConnectedError(this.accountId);
    // Baileys drops available/unavailable without a word when the account has no name yet.
    if ((state === 'available' || state === 'unavailable') && !this.auth.state.creds.me?.name)
      throw new SendRefusedError('the account has no push name yet, so WhatsApp takes no presence from it');
    await this.sock.sendPresenceUpdate(state, chatId);
  }

  async requestPairingCode(phone: string): Promise<string> {
    if (this.opened || this.closing || this.auth.state.creds.account)
      throw new Error(`account ${this.accountId} is not waiting for pairing`);
    return this.sock.requestPairingCode(phone.replace(/\D/g, ''));
  }

  async logout(): Promise<void> {
    const wasOpen = this.isOpen();
    this.closing = true;
    if (wasOpen) await this.sock.logout().catch((error) => this.logger.warn({ err: error }, 'logout failed'));
    else this.sock.end(undefined);
    await this.auth.flush();
    await this.options.auth.clear();
  }

  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      // end() also clears Baileys' keepalive and QR timers (the 30 s prekey timer pitfall).
      this.sock.end(undefined);
    }
    await this.auth.flush();
  }
}
