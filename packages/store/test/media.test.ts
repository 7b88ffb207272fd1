import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MediaTooLargeError } from '../src/index.js';
import { useStore } from './store-fixture.js';

const store = useStore();

/** 20 MB produced in 64 KiB pieces, so the test itself never holds the file whole either. */
function randomStream(totalBytes: number, hash: ReturnType<typeof createHash>): Readable {
  let left = totalBytes;
  return new Readable({
    read() {
      if (left === 0) return this.push(null);
      const piece = randomBytes(Math.min(65_536, left));
      left -= piece.length;
      hash.update(piece);
      this.push(piece);
    },
  });
}

async function digest(stream: Readable): Promise<{ sha: string; length: number }> {
  const hash = createHash('sha256');
  let length = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    length += (chunk as Buffer).length;
  }
  return { sha: hash.digest('hex'), length };
}

describe('media (GridFS)', () => {
  it('round-trips 20 MB byte-exact and serves ranges', async () => {
    const size = 20 * 1024 * 1024;
    const sent = createHash('sha256');
    const info = await store.media.upload(randomStream(size, sent), {
      accountId: 'acc',
      mimetype: 'application/octet-stream',
      fileName: 'big.bin',
    });
    expect(info.length).toBe(size);
    const received = await digest(store.media.openDownload(info.mediaId));
    expect(received).toEqual({ sha: sent.digest('hex'), length: size });

    const whole: Buffer[] = [];
    for await (const chunk of store.media.openDownload(info.mediaId, { start: 1_000, end: 1_010 }))
      whole.push(chunk as Buffer);
    expect(Buffer.concat(whole).length).toBe(10);

    await store.media.attachToMessage(info.mediaId, 'MSG1');
    expect(await store.media.findByMessage('acc', 'MSG1')).toMatchObject({
      mediaId: info.mediaId,
      fileName: 'big.bin',
      length: size,
    });
    expect(await store.media.info(info.mediaId)).toMatchObject({
      accountId: 'acc',
      mimetype: 'application/octet-stream',
    });
  });

  it('stops an upload past its limit and leaves nothing behind', async () => {
    const before = await store.db.collection('media.files').countDocuments();
    await expect(
      store.media.upload(randomStream(300_000, createHash('sha256')), {
        accountId: 'acc',
        mimetype: 'image/png',
        maxBytes: 100_000,
      }),
    ).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(await store.db.collection('media.files').countDocuments()).toBe(before);
  });

  it('answers undefined for unknown or malformed ids', async () => {
    expect(await store.media.info('0123456789abcdef01234567')).toBeUndefined();
    expect(await store.media.info('../../etc/passwd')).toBeUndefined();
  });
});
