import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type BinaryNode, jidDecode, type proto } from '@whiskeysockets/baileys';
import { Agent as UndiciAgent } from 'undici';
import type { WebSocketServer } from 'ws';
import { saveContact } from './address-book.js';
import { type AppStateKey, shareAppStateKey } from './app-state.js';
import type { PeerConnection } from './connection.js';
import { type ContactsDirectory, offerCallNode } from './contacts.js';
import { type PeerContext, unixNow, userOf } from './context.js';
import { PeerGroupsApi } from './group-api.js';
import type { MediaServer } from './media-server.js';
import { deliverMessage, type ReceivedMessage } from './messages.js';
import { pairDevice, parseQr, registrationForQr } from './pairing.js';
import { enterPairingCode } from './pairing-code.js';
import { buildMediaMessage, mediaOf, type PeerMediaKind, type PeerMediaOptions } from './send-media.js';
import type { TestTlsCert } from './tls-cert.js';

/** Disconnect codes {@link WaPeer.kick} can provoke, as Baileys reports them. */
export type KickCode = 401 | 440 | 515;

/**
 * A local WhatsApp protocol peer: the server, the CDN and every other phone, for Baileys
 * clients on loopback. Events: `message` ({@link ReceivedMessage}), `device-sent` (the copy for
 * the account's own phone), `receipt`, `paired`, `login`, `login-rejected`, `logout`, `iq`,
 * `node`, `profile`, `blocklist`, `call-reject`, `warning` (errors the peer survived).
 */
export class WaPeer extends EventEmitter {
  private readonly inbox: ReceivedMessage[] = [];
  private readonly waiters: {
    match: (m: ReceivedMessage) => boolean;
    resolve: (m: ReceivedMessage) => void;
  }[] = [];
  private readonly httpsAgent: HttpsAgent;
  private readonly dispatcher: UndiciAgent;
  /** Groups on the server, and what their simulated members do (create, rename, group messages). */
  readonly groups: PeerGroupsApi;

  /** @internal use {@link startWaPeer}. */
  constructor(
    private readonly ctx: PeerContext,
    private readonly wss: WebSocketServer,
    private readonly mediaServer: MediaServer,
    private readonly tls: TestTlsCert,
  ) {
    super();
    this.groups = new PeerGroupsApi(ctx);
    this.httpsAgent = new HttpsAgent({ ca: tls.cert });
    this.dispatcher = new UndiciAgent({ connect: { ca: tls.cert } });
    this.on('message', (message: ReceivedMessage) => {
      const waiter = this.waiters.findIndex((w) => w.match(message));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(message);
      else this.inbox.push(message);
    });
    this.on('warning', () => {}); // observable, never fatal
  }

  /** Port of the WebSocket server. */
  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  /** Value for Baileys' `waWebSocketUrl`. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The test root public key the noise certificate chains to (for `installTestRoot` in another process). */
  get rootPublicKey(): Buffer {
    return Buffer.from(this.ctx.state.data.rootKey.public);
  }

  /** PEM certificate of the local media host: what a client must trust for media. */
  get mediaCa(): string {
    return this.tls.cert;
  }

  /**
   * Socket config to spread into `makeWASocket` so uploads (node https, `fetchAgent`) and
   * history downloads (fetch, `options.dispatcher`) trust the media host without touching
   * process-wide TLS settings.
   */
  clientMediaConfig(): { fetchAgent: HttpsAgent; options: { dispatcher: UndiciAgent } } {
    return { fetchAgent: this.httpsAgent, options: { dispatcher: this.dispatcher } };
  }

  /** Options for `downloadMediaMessage(msg, 'buffer', peer.downloadOptions())`. */
  downloadOptions(): { options: { dispatcher: UndiciAgent } } {
    return { options: { dispatcher: this.dispatcher } };
  }

  /**
   * "Scans" a QR the client emitted in `connection.update`, as the primary phone of `phone`
   * (account created on first use). Resolves once the client countersigned; the client then
   * gets 515 and must reconnect with the same creds.
   */
  scanQr(
    qr: string,
    phone: string,
    options: { businessName?: string } = {},
  ): Promise<{ jid: string; lid: string }> {
    const parsed = parseQr(qr);
    return pairDevice(registrationForQr(this.ctx, parsed), phone, parsed.advSecret, options.businessName);
  }

  /**
   * Types the code from `sock.requestPairingCode(phone)` on `phone`'s primary phone (account
   * created on first use). Waits up to `timeoutMs` for the client's hello to arrive.
   */
  enterPairingCode(phone: string, code: string, timeoutMs?: number): Promise<void> {
    return enterPairingCode(this.ctx, userOf(phone), code, timeoutMs);
  }

  /** Sends a text from simulated contact `fromPhone` to all linked devices of `toAccount`. Returns the id. */
  sendText(fromPhone: string, toAccount: string, text: string): Promise<string> {
    return this.sendMessage(fromPhone, toAccount, { conversation: text });
  }

  /** Sends any `proto.Message` from a simulated contact (or, with the account's own number, its phone);
   * raw bytes: an encoded `proto.Message` with fields this proto may not know (a newer WhatsApp's). */
  async sendMessage(
    fromPhone: string,
    toAccount: string,
    message: proto.IMessage | Uint8Array,
    media?: { mediaType: string },
  ) {
    const account = this.requireAccount(toAccount);
    const sim = this.ctx.state.simUser(userOf(fromPhone));
    if (!sim) throw new Error(`unknown sender ${fromPhone}`);
    const options = media ? { stanzaType: 'media' as const, mediaType: media.mediaType } : {};
    return deliverMessage(this.ctx, sim, account, message, options);
  }

  /** Sends image/audio/document/video/sticker bytes from a contact; encrypted and hosted on the local media host. */
  async sendMedia(
    fromPhone: string,
    toAccount: string,
    kind: PeerMediaKind,
    data: Buffer,
    options: PeerMediaOptions = {},
  ) {
    const message = await buildMediaMessage(this.ctx.media, this.ctx.mediaHost(), kind, data, options);
    const mediaType = kind === 'audio' && options.ptt ? 'ptt' : kind;
    return this.sendMessage(fromPhone, toAccount, message, { mediaType });
  }

  /** The media message {@link sendMedia} would send (media hosted), to wrap or send yourself. */
  mediaMessage(kind: PeerMediaKind, data: Buffer, options: PeerMediaOptions = {}): Promise<proto.IMessage> {
    return buildMediaMessage(this.ctx.media, this.ctx.mediaHost(), kind, data, options);
  }

  /** Shorthand for {@link sendMedia} with `image`. */
  sendImage(fromPhone: string, toAccount: string, image: Buffer, options: PeerMediaOptions = {}) {
    return this.sendMedia(fromPhone, toAccount, 'image', image, options);
  }

  /** Downloads and decrypts the media of a message our client sent (as its recipient would). */
  downloadMedia(message: proto.IMessage): Promise<Buffer> {
    const found = mediaOf(message);
    if (!found?.media.directPath || !found.media.mediaKey) throw new Error('message carries no media');
    return this.ctx.media.decrypt(found.media.directPath, found.media.mediaKey, found.kind);
  }

  /** Sends delivery (default) or read receipts from contact `fromPhone` for messages the account sent. */
  sendReceipt(
    fromPhone: string,
    toAccount: string,
    ids: string[],
    type: 'delivery' | 'read' = 'delivery',
  ): void {
    const account = this.requireAccount(toAccount);
    const [first, ...rest] = ids;
    if (!first) return;
    const node: BinaryNode = {
      tag: 'receipt',
      attrs: {
        id: first,
        from: `${userOf(fromPhone)}@s.whatsapp.net`,
        t: unixNow(),
        ...(type === 'read' ? { type } : {}),
      },
      content: rest.length
        ? [{ tag: 'list', attrs: {}, content: rest.map((id) => ({ tag: 'item', attrs: { id } })) }]
        : undefined,
    };
    for (const connection of this.connectionsOf(account.phone)) connection.send(node);
  }

  /** Who is not on WhatsApp, profiles and block lists (`markNotOnWhatsApp`, `profile`, `blocklist`). */
  get contacts(): ContactsDirectory {
    return this.ctx.contacts;
  }

  /** The account's phone shares an app-state key with its devices; pushed patches come as `app-state-patch`. */
  shareAppStateKey(phone: string): Promise<AppStateKey> {
    return shareAppStateKey(this.ctx, this.requireAccount(phone));
  }
  /** Account `phone`'s phone saves `jid` as `name` (app-state contactAction; key from shareAppStateKey). */
  saveContact(phone: string, key: AppStateKey, jid: string, name: string): Promise<void> {
    return saveContact(this.ctx, this.requireAccount(phone), key, jid, name);
  }

  /** Contact `fromPhone` calls every device of `toAccount`; resolves the call id. Rejects come as `call-reject`. */
  offerCall(fromPhone: string, toAccount: string, options: { isVideo?: boolean } = {}): string {
    const account = this.requireAccount(toAccount);
    const callId = randomBytes(8).toString('hex').toUpperCase();
    const node = offerCallNode(fromPhone, callId, options.isVideo === true);
    for (const connection of this.connectionsOf(account.phone)) connection.send(node);
    return callId;
  }

  /** Resolves with the next message a contact received (optionally the next one matching `filter`). */
  nextMessage(
    filter: (m: ReceivedMessage) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<ReceivedMessage> {
    const index = this.inbox.findIndex(filter);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: filter,
        resolve: (m: ReceivedMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error('timed out waiting for a message at the peer'));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Async iterator over received messages (never ends; break out of the loop). */
  async *messages(): AsyncGenerator<ReceivedMessage> {
    while (true) yield await this.nextMessage(() => true, 2 ** 31 - 1);
  }

  /**
   * Disconnects the sockets of `accountJid` (`phone:device@…` for one device, `phone@…` for all):
   * 515 restart required, 401 device removed (the device is unlinked: its creds now fail),
   * 440 replaced by another session.
   */
  kick(accountJid: string, code: KickCode): number {
    const targets = this.connectionsOf(accountJid);
    for (const connection of targets) {
      if (code === 515) connection.streamError({ code: '515' });
      if (code === 440) connection.streamError({}, [{ tag: 'conflict', attrs: { type: 'replaced' } }]);
      if (code === 401) {
        if (connection.account && connection.device) delete connection.account.devices[connection.device.id];
        connection.streamError({ code: '401' }, [{ tag: 'conflict', attrs: { type: 'device_removed' } }]);
      }
    }
    this.ctx.state.save();
    return targets.length;
  }

  /** Number of open, logged-in sockets for `accountJid` (one device, or all devices of a phone). */
  sockets(accountJid: string): number {
    return this.connectionsOf(accountJid).length;
  }

  /** Public facts about an account: LID and linked device ids. */
  account(phone: string): { phone: string; lid: string; devices: number[] } | undefined {
    const account = this.ctx.state.account(userOf(phone));
    return (
      account && { phone: account.phone, lid: account.lid, devices: Object.keys(account.devices).map(Number) }
    );
  }

  /** Closes every socket, the WebSocket server and the media host; state stays in `stateDir`. */
  async close(): Promise<void> {
    this.ctx.state.flush();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.mediaServer.close();
    this.httpsAgent.destroy();
    await this.dispatcher.close();
  }

  private requireAccount(jidOrPhone: string) {
    const account = this.ctx.state.account(userOf(jidOrPhone));
    if (!account) throw new Error(`no account ${jidOrPhone} (pair a device first)`);
    return account;
  }

  private connectionsOf(accountJid: string): PeerConnection[] {
    const decoded = jidDecode(accountJid.includes('@') ? accountJid : `${accountJid}@s.whatsapp.net`);
    return [...this.ctx.connections].filter(
      (c) =>
        c.isOpen &&
        c.account &&
        (c.account.phone === decoded?.user || c.account.lid === decoded?.user) &&
        (decoded?.device === undefined || c.device?.id === decoded.device),
    );
  }
}
