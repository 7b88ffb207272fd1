import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDevdb } from './harness.js';

const h = useDevdb('files');

async function download(bucket: GridFSBucket, id: ObjectId): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(id)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('GridFS', () => {
  it('round-trips 20 MB byte-exact and deletes its chunks', async () => {
    const bucket = new GridFSBucket(h.db, { bucketName: 'media' });
    const payload = randomBytes(20 * 1024 * 1024);
    const id = new ObjectId();
    const started = performance.now();
    const upload = bucket.openUploadStreamWithId(id, 'big.bin', {
      metadata: { accountId: 'a', mimetype: 'application/octet-stream' },
    });
    await pipeline(Readable.from([payload.subarray(0, 7_000_001), payload.subarray(7_000_001)]), upload);
    const uploaded = performance.now();
    const back = await download(bucket, id);
    const finished = performance.now();
    console.info(
      `devdb: GridFS 20 MB upload ${(uploaded - started).toFixed(0)} ms, download ${(finished - uploaded).toFixed(0)} ms`,
    );
    expect(back.length).toBe(payload.length);
    expect(Buffer.compare(back, payload)).toBe(0);

    const [file] = await bucket.find({ _id: id }).toArray();
    expect(file).toMatchObject({ length: payload.length, filename: 'big.bin', metadata: { accountId: 'a' } });
    const chunkIndexes = await h.db.collection('media.chunks').listIndexes().toArray();
    expect(chunkIndexes.find((index) => index.name === 'files_id_1_n_1')).toMatchObject({ unique: true });
    const expectedChunks = Math.ceil(payload.length / (255 * 1024));
    expect(await h.db.collection('media.chunks').countDocuments({ files_id: id })).toBe(expectedChunks);

    await bucket.delete(id);
    expect(await h.db.collection('media.chunks').countDocuments({ files_id: id })).toBe(0);
    expect(await bucket.find({ _id: id }).toArray()).toHaveLength(0);
  });

  it('streams small files, ranges and the default bucket', async () => {
    const bucket = new GridFSBucket(h.db);
    const data = Buffer.from('0123456789'.repeat(1000));
    const upload = bucket.openUploadStream('small.txt', { chunkSizeBytes: 1024 });
    await pipeline(Readable.from([data]), upload);
    expect(Buffer.compare(await download(bucket, upload.id as ObjectId), data)).toBe(0);
    const parts: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStream(upload.id as ObjectId, { start: 1500, end: 2600 }))
      parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).toString()).toBe(data.subarray(1500, 2600).toString());
    expect(await h.db.collection('fs.chunks').countDocuments()).toBe(10);
  });
});
