import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Db, GridFSBucket, MongoRuntimeError, ObjectId } from 'mongodb';
import { MediaTooLargeError } from './errors.js';
import { MEDIA_BUCKET } from './names.js';

export interface MediaMetadata {
  accountId: string;
  messageId?: string;
  mimetype: string;
  fileName?: string;
}

export interface MediaInfo extends MediaMetadata {
  mediaId: string;
  length: number;
  uploadedAt: Date;
}

export interface UploadOptions extends MediaMetadata {
  /** Abort with MediaTooLargeError (and remove what was written) past this many bytes. */
  maxBytes?: number;
}

const MEDIA_ID = /^[a-f0-9]{24}$/;

export type MediaRepository = ReturnType<typeof createMediaRepository>;

/** Media bytes in GridFS: streamed in and out in chunks, never held whole in memory. */
export function createMediaRepository(db: Db) {
  const bucket = new GridFSBucket(db, { bucketName: MEDIA_BUCKET });
  const files = db.collection(`${MEDIA_BUCKET}.files`);

  function toObjectId(mediaId: string): ObjectId | undefined {
    return MEDIA_ID.test(mediaId) ? new ObjectId(mediaId) : undefined;
  }

  return {
    bucket,

    async upload(source: Readable, options: UploadOptions): Promise<MediaInfo> {
      const id = new ObjectId();
      const { maxBytes, ...metadata } = options;
      const upload = bucket.openUploadStreamWithId(id, metadata.fileName ?? id.toHexString(), { metadata });
      let length = 0;
      const limiter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          length += chunk.length;
          if (maxBytes !== undefined && length > maxBytes) callback(new MediaTooLargeError(maxBytes));
          else callback(null, chunk);
        },
      });
      try {
        await pipeline(source, limiter, upload);
      } catch (error) {
        // The upload's own error is the one to report; the delete also removes partial chunks,
        // and a file that was never created has nothing to delete.
        await bucket.delete(id).catch(() => undefined);
        throw error;
      }
      return { mediaId: id.toHexString(), length, uploadedAt: new Date(), ...metadata };
    },

    async info(mediaId: string): Promise<MediaInfo | undefined> {
      const id = toObjectId(mediaId);
      if (!id) return undefined;
      const file = await files.findOne({ _id: id });
      if (!file) return undefined;
      const metadata = (file.metadata ?? {}) as MediaMetadata;
      return { mediaId, length: file.length as number, uploadedAt: file.uploadDate as Date, ...metadata };
    },

    /** A byte range is inclusive of `start`, exclusive of `end`, as GridFS takes it. */
    openDownload(mediaId: string, range?: { start: number; end: number }): Readable {
      const id = toObjectId(mediaId);
      if (!id) throw new Error(`invalid media id ${mediaId}`);
      return bucket.openDownloadStream(id, range);
    },

    async attachToMessage(mediaId: string, messageId: string): Promise<void> {
      const id = toObjectId(mediaId);
      if (id) await files.updateOne({ _id: id }, { $set: { 'metadata.messageId': messageId } });
    },

    async findByMessage(accountId: string, messageId: string): Promise<MediaInfo | undefined> {
      const file = await files.findOne({
        'metadata.accountId': { $eq: accountId },
        'metadata.messageId': { $eq: messageId },
      });
      if (!file) return undefined;
      return {
        mediaId: (file._id as ObjectId).toHexString(),
        length: file.length as number,
        uploadedAt: file.uploadDate as Date,
        ...((file.metadata ?? {}) as MediaMetadata),
      };
    },

    async remove(mediaId: string): Promise<boolean> {
      const id = toObjectId(mediaId);
      if (!id) return false;
      try {
        await bucket.delete(id);
        return true;
      } catch {
        // Not removed, for whatever reason: its callers clean up after another failure, which
        // is the one they must report.
        return false;
      }
    },

    async deleteByAccount(accountId: string): Promise<number> {
      const ids = await files
        .find({ 'metadata.accountId': { $eq: accountId } }, { projection: { _id: 1 } })
        .toArray();
      for (const file of ids) await deleteUnlessGone(bucket, file._id as ObjectId);
      return ids.length;
    },
  };
}

/** Deletes a GridFS file; one another delete removed first is already what we wanted. */
async function deleteUnlessGone(bucket: GridFSBucket, id: ObjectId): Promise<void> {
  try {
    await bucket.delete(id);
  } catch (error) {
    // The driver's only signal for a missing file (it has deleted any orphaned chunks by then).
    if (error instanceof MongoRuntimeError && error.message.startsWith('File not found')) return;
    throw error;
  }
}
