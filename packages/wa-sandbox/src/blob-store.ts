import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { SendRefusedError } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { sandboxKeys } from './keys.js';

const CHUNK_BYTES = 256 * 1024;
/** Media waits this long in Redis for its recipient before the network forgets it. */
export const BLOB_TTL_SECONDS = 86_400;

/**
 * Copies a media stream into Redis as a list of 256 KiB chunks, one RPUSH at a time, so memory
 * stays bounded by one chunk whatever the file size.
 */
export async function writeBlob(
  redis: Redis,
  source: AsyncIterable<Buffer | Uint8Array | string>,
  maxBytes: number,
): Promise<{ blobId: string; length: number }> {
  const blobId = randomBytes(12).toString('hex');
  const key = sandboxKeys.blob(blobId);
  let length = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await redis.multi().rpush(key, chunk).expire(key, BLOB_TTL_SECONDS).exec();
  };
  try {
    for await (const piece of source) {
      const buffer = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece);
      length += buffer.length;
      if (length > maxBytes) throw new SendRefusedError(`media larger than ${maxBytes} bytes`);
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
  } catch (error) {
    // The write's own error is the one to report; a partial blob left behind expires with its TTL.
    await redis.del(key).catch(() => undefined);
    throw error;
  }
  return { blobId, length };
}

/** Streams a blob back chunk by chunk; fails when it expired or never existed. */
export async function openBlob(redis: Redis, blobId: string): Promise<Readable> {
  const key = sandboxKeys.blob(blobId);
  const chunks = await redis.llen(key);
  async function* read() {
    for (let index = 0; index < chunks; index++) {
      const [chunk] = await redis.lrangeBuffer(key, index, index);
      if (!chunk) throw new Error(`sandbox media ${blobId} disappeared while reading`);
      yield chunk;
    }
  }
  return Readable.from(read(), { objectMode: false });
}

export async function deleteBlob(redis: Redis, blobId: string): Promise<void> {
  await redis.del(sandboxKeys.blob(blobId));
}

/** Consumes a stream without keeping it (media to a JID outside the sandbox). */
export async function drain(source: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of source) {
    // discard
  }
}
