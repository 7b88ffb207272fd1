import { type BinaryNode, decodeBinaryNode, encodeBinaryNode } from '@whiskeysockets/baileys';
import type { TransportCipher } from './noise-handshake.js';

/**
 * Splits the client's byte stream into frames. The first client frame starts with an intro:
 * `WA 06 03`, or `ED 00 01 <len:3> <routing info>` followed by it once the client stored routing
 * info. Every frame is then a 3-byte big-endian length plus body.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private introSeen = false;

  /** Appends received bytes and returns every complete frame body. */
  push(data: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    if (!this.introSeen) {
      const introLength = this.introLength();
      if (introLength === undefined) return [];
      this.buffer = this.buffer.subarray(introLength);
      this.introSeen = true;
    }
    const frames: Buffer[] = [];
    while (this.buffer.length >= 3) {
      const size = this.buffer.readUIntBE(0, 3);
      if (this.buffer.length < size + 3) break;
      frames.push(this.buffer.subarray(3, size + 3));
      this.buffer = this.buffer.subarray(size + 3);
    }
    return frames;
  }

  private introLength(): number | undefined {
    if (this.buffer.length < 4) return undefined;
    if (this.buffer[0] === 0x45 && this.buffer[1] === 0x44) {
      if (this.buffer.length < 7) return undefined;
      return 7 + this.buffer.readUIntBE(4, 3) + 4;
    }
    return 4;
  }
}

/** Prefixes a frame body with its 3-byte length (server frames carry no intro). */
export function frame(body: Uint8Array): Buffer {
  const out = Buffer.alloc(body.length + 3);
  out.writeUIntBE(body.length, 0, 3);
  out.set(body, 3);
  return out;
}

/** Encrypts and frames a binary node for the wire. */
export function encodeNodeFrame(node: BinaryNode, cipher: TransportCipher): Buffer {
  return frame(cipher.encrypt(encodeBinaryNode(node)));
}

/** Decrypts a transport frame and decodes the binary node inside (handles the zlib flag). */
export function decodeNodeFrame(body: Buffer, cipher: TransportCipher): Promise<BinaryNode> {
  return decodeBinaryNode(cipher.decrypt(body));
}
