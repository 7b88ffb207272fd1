import { MalformedFrameError } from '../errors/malformed-frame-error.js';

/** Generous upper bound: mongod's 48 MB message limit plus headroom for headers. */
export const MAX_FRAME_BYTES = 48_000_000 + 16 * 1024;
const HEADER_BYTES = 16;

/**
 * Splits a TCP byte stream into whole wire-protocol frames. Frames may be views of socket chunks:
 * Node never reuses those, and decoding copies Binary payloads out (see exact-binary.ts).
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      const length = this.peekLength();
      if (length < HEADER_BYTES || length > MAX_FRAME_BYTES) {
        throw new MalformedFrameError(`invalid message length ${length}`);
      }
      if (this.buffered < length) break;
      frames.push(this.take(length));
    }
    return frames;
  }

  private peekLength(): number {
    const first = this.chunks[0]!;
    if (first.length >= 4) return first.readInt32LE(0);
    return Buffer.concat(this.chunks).readInt32LE(0);
  }

  private take(length: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const frame = all.subarray(0, length);
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }
}
