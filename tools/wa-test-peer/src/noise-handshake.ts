import { hkdfSync } from 'node:crypto';
import {
  aesDecryptGCM,
  aesEncryptGCM,
  Curve,
  NOISE_MODE,
  NOISE_WA_HEADER,
  proto,
  sha256,
} from '@whiskeysockets/baileys';
import type { NoiseIdentity } from './certificates.js';

/** Per-direction AES-GCM state once the handshake is done: own counter, no associated data. */
export class TransportCipher {
  private counter = 0;
  constructor(private readonly key: Buffer) {}

  encrypt(plaintext: Uint8Array): Buffer {
    return aesEncryptGCM(plaintext, this.key, nonce(this.counter++), Buffer.alloc(0));
  }

  decrypt(ciphertext: Uint8Array): Buffer {
    return aesDecryptGCM(ciphertext, this.key, nonce(this.counter++), Buffer.alloc(0));
  }
}

/** What the handshake yields: who the client is and the keys for both directions. */
export interface HandshakeResult {
  /** The client's noise static public key (32 bytes): identifies a paired device on login. */
  clientStatic: Buffer;
  payload: proto.ClientPayload;
  /** Encrypts frames we send. */
  outgoing: TransportCipher;
  /** Decrypts frames we receive. */
  incoming: TransportCipher;
}

function nonce(counter: number): Uint8Array {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(counter, 8);
  return iv;
}

function hkdf64(data: Uint8Array, salt: Uint8Array): [Buffer, Buffer] {
  const key = Buffer.from(hkdfSync('sha256', data, salt, Buffer.alloc(0), 64));
  return [key.subarray(0, 32), key.subarray(32)];
}

/**
 * The responder side of Baileys' Noise XX handshake. Mirrors `makeNoiseHandler` step by step:
 * one running hash (also the AEAD associated data) and one counter shared by encryption and
 * decryption, reset only when a key is mixed in.
 */
export class ServerHandshake {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private readonly ephemeral = Curve.generateKeyPair();

  constructor(
    private readonly identity: NoiseIdentity,
    private readonly clientEphemeral: Buffer,
  ) {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.byteLength === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
    this.authenticate(NOISE_WA_HEADER);
    this.authenticate(clientEphemeral);
  }

  /** Builds the encoded `HandshakeMessage{serverHello}` answering the client hello. */
  serverHello(): Uint8Array {
    this.authenticate(this.ephemeral.public);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, this.clientEphemeral));
    const encStatic = this.encrypt(this.identity.staticKey.public);
    this.mixIntoKey(Curve.sharedKey(this.identity.staticKey.private, this.clientEphemeral));
    const payload = this.encrypt(this.identity.certChain);
    return proto.HandshakeMessage.encode({
      serverHello: { ephemeral: this.ephemeral.public, static: encStatic, payload },
    }).finish();
  }

  /** Consumes `clientFinish` and derives the transport keys. Throws if the client's AEAD fails. */
  finish(clientFinish: proto.HandshakeMessage.IClientFinish): HandshakeResult {
    if (!clientFinish.static || !clientFinish.payload) throw new Error('clientFinish without static/payload');
    const clientStatic = this.decrypt(clientFinish.static);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, clientStatic));
    const payload = proto.ClientPayload.decode(this.decrypt(clientFinish.payload));
    // the client's `finishInit`: first half is its write key (our read key)
    const [clientWrite, clientRead] = hkdf64(Buffer.alloc(0), this.salt);
    return {
      clientStatic,
      payload,
      outgoing: new TransportCipher(clientRead),
      incoming: new TransportCipher(clientWrite),
    };
  }

  private authenticate(data: Uint8Array): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  private mixIntoKey(data: Uint8Array): void {
    const [write, read] = hkdf64(data, this.salt);
    this.salt = write;
    this.key = read;
    this.counter = 0;
  }

  private encrypt(plaintext: Uint8Array): Buffer {
    const result = aesEncryptGCM(plaintext, this.key, nonce(this.counter++), this.hash);
    this.authenticate(result);
    return result;
  }

  private decrypt(ciphertext: Uint8Array): Buffer {
    const result = aesDecryptGCM(ciphertext, this.key, nonce(this.counter++), this.hash);
    this.authenticate(ciphertext);
    return result;
  }
}
