import type { BinaryNode } from '@whiskeysockets/baileys';
import { proto } from '@whiskeysockets/baileys';
import type { WebSocket } from 'ws';
import { handleClientCall } from './contacts.js';
import { type PeerContext, stanzaId } from './context.js';
import { decodeNodeFrame, encodeNodeFrame, FrameReader, frame } from './frame-codec.js';
import { handleIq } from './iq-handlers.js';
import { completeLogin } from './login.js';
import { handleIncomingMessage, handleIncomingReceipt } from './messages.js';
import { type HandshakeResult, ServerHandshake, type TransportCipher } from './noise-handshake.js';
import { startRegistration } from './pairing.js';
import type { PairingCodeSession } from './pairing-code.js';
import type { Account, LinkedDevice } from './peer-state.js';

/** Registration data a not-yet-paired client sent in its ClientPayload. */
export interface PendingRegistration {
  noiseKey: Buffer;
  identityKey: Buffer;
  platform: string;
  /** Refs handed out as QR codes. */
  refs: string[];
  /** Set by the pairing-code flow once the client announced a phone number. */
  pairingCode?: PairingCodeSession;
}

/**
 * One client WebSocket: runs the noise handshake, then decrypts frames into binary nodes and
 * routes them (iq, message, receipt, ...). After login it is bound to an account and device.
 */
export class PeerConnection {
  account?: Account;
  device?: LinkedDevice;
  registration?: PendingRegistration;
  private readonly reader = new FrameReader();
  private handshake?: ServerHandshake;
  private outgoing?: TransportCipher;
  private incoming?: TransportCipher;
  private readonly pending = new Map<string, (node: BinaryNode) => void>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly ctx: PeerContext,
    private readonly ws: WebSocket,
  ) {
    ws.on('message', (data: Buffer) => {
      // process frames strictly in order: decryption counters depend on it
      this.queue = this.queue.then(() => this.onData(data)).catch((error) => this.fail(error));
    });
    ws.on('close', () => this.onClosed());
    ws.on('error', () => this.onClosed());
  }

  /** `user:device@s.whatsapp.net` of the logged-in device, if any. */
  get deviceJid(): string | undefined {
    return this.account && this.device ? `${this.account.phone}:${this.device.id}@s.whatsapp.net` : undefined;
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
  }

  /** Encrypts and sends a node; silently dropped once the socket closed. */
  send(node: BinaryNode): void {
    if (!this.outgoing || !this.isOpen) return;
    this.ws.send(encodeNodeFrame(node, this.outgoing));
  }

  /** Sends an iq (id generated if missing) and resolves with the client's answer. */
  query(node: BinaryNode, timeoutMs = 10_000): Promise<BinaryNode> {
    const id = node.attrs.id ?? stanzaId();
    node.attrs.id = id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`client did not answer iq ${id}`));
      }, timeoutMs);
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.send(node);
    });
  }

  /** Sends `stream:error` with the given children/attrs, then closes the socket. */
  streamError(attrs: Record<string, string>, content?: BinaryNode[]): void {
    this.send({ tag: 'stream:error', attrs, content });
    this.close();
  }

  /** Closes the WebSocket (the client reports 428 unless a stream error came first). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // give the last frame a moment to leave before the TCP close
    setTimeout(() => this.ws.close(), 20).unref();
    this.ctx.connections.delete(this);
  }

  private async onData(data: Buffer): Promise<void> {
    for (const body of this.reader.push(data)) {
      if (this.incoming) {
        await this.onNode(await decodeNodeFrame(body, this.incoming));
      } else {
        this.onHandshakeFrame(body);
      }
    }
  }

  private onHandshakeFrame(body: Buffer): void {
    const message = proto.HandshakeMessage.decode(body);
    if (!this.handshake) {
      const ephemeral = message.clientHello?.ephemeral;
      if (!ephemeral) throw new Error('expected clientHello');
      this.handshake = new ServerHandshake(this.ctx.identity, Buffer.from(ephemeral));
      this.ws.send(frame(this.handshake.serverHello()));
      return;
    }
    if (!message.clientFinish) throw new Error('expected clientFinish');
    const result = this.handshake.finish(message.clientFinish);
    this.outgoing = result.outgoing;
    this.incoming = result.incoming;
    this.onAuthenticated(result);
  }

  private onAuthenticated({ clientStatic, payload }: HandshakeResult): void {
    this.ctx.connections.add(this);
    if (payload.devicePairingData) {
      startRegistration(this, clientStatic, payload);
    } else {
      completeLogin(this, clientStatic, payload);
    }
  }

  private async onNode(node: BinaryNode): Promise<void> {
    const id = node.attrs.id;
    if (node.tag === 'iq' && (node.attrs.type === 'result' || node.attrs.type === 'error') && id) {
      const waiter = this.pending.get(id);
      if (waiter) {
        this.pending.delete(id);
        waiter(node);
        return;
      }
    }
    switch (node.tag) {
      case 'iq':
        await handleIq(this, node);
        break;
      case 'message':
        await handleIncomingMessage(this, node);
        break;
      case 'receipt':
        handleIncomingReceipt(this, node);
        break;
      case 'call':
        handleClientCall(this, node);
        break;
      default:
        // presence, ib (unified_session), ack, notification acks: nothing to answer
        this.ctx.events.emit('node', { connection: this, node });
    }
  }

  private fail(error: unknown): void {
    this.ctx.events.emit('warning', error);
    this.close();
  }

  private onClosed(): void {
    this.closed = true;
    this.ctx.connections.delete(this);
    for (const waiter of this.pending.values()) waiter({ tag: 'iq', attrs: { type: 'error' } });
    this.pending.clear();
  }
}
