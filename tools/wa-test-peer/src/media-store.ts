import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { getMediaKeys, type MediaType } from '@whiskeysockets/baileys';

/** An encrypted media blob as WhatsApp's CDN stores it, addressed by its direct path. */
export interface StoredMedia {
  directPath: string;
  blob: Buffer;
}

/** The fields a media message carries once its plaintext was encrypted and uploaded. */
export interface EncryptedMedia {
  mediaKey: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
  directPath: string;
  blob: Buffer;
}

/**
 * In-memory CDN: encrypted blobs by direct path. Uploads from the client land here through the
 * HTTPS server; media the peer sends is encrypted here the same way Baileys does it
 * (AES-256-CBC + 10-byte HMAC-SHA256 truncation, keys from HKDF of the media key).
 */
export class MediaStore {
  private readonly blobs = new Map<string, Buffer>();
  /** The upload token handed out in `media_conn`. */
  readonly auth = randomBytes(16).toString('base64url');

  put(directPath: string, blob: Buffer): void {
    this.blobs.set(directPath, blob);
  }

  get(directPath: string): Buffer | undefined {
    return this.blobs.get(directPath);
  }

  /** Encrypts `plaintext` for `mediaType`, stores it and returns the message fields. */
  async encryptAndStore(plaintext: Buffer, mediaType: MediaType): Promise<EncryptedMedia> {
    const mediaKey = randomBytes(32);
    const { cipherKey, iv, macKey } = await getMediaKeys(mediaKey, mediaType);
    const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
    const enc = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const mac = createHmac('sha256', macKey!).update(iv).update(enc).digest().subarray(0, 10);
    const blob = Buffer.concat([enc, mac]);
    const fileEncSha256 = createHash('sha256').update(blob).digest();
    const directPath = `/v/t62.7118-24/${fileEncSha256.toString('hex')}.enc`;
    this.put(directPath, blob);
    return {
      mediaKey,
      fileSha256: createHash('sha256').update(plaintext).digest(),
      fileEncSha256,
      fileLength: plaintext.length,
      directPath,
      blob,
    };
  }

  /** Decrypts a stored blob the client uploaded, checking the MAC like a recipient would. */
  async decrypt(directPath: string, mediaKey: Uint8Array, mediaType: MediaType): Promise<Buffer> {
    const blob = this.get(directPath);
    if (!blob) throw new Error(`no media stored at ${directPath}`);
    const { cipherKey, iv, macKey } = await getMediaKeys(mediaKey, mediaType);
    const enc = blob.subarray(0, -10);
    const mac = createHmac('sha256', macKey!).update(iv).update(enc).digest().subarray(0, 10);
    if (!mac.equals(blob.subarray(-10))) throw new Error('media MAC mismatch');
    const decipher = createDecipheriv('aes-256-cbc', cipherKey, iv);
    return Buffer.concat([decipher.update(enc), decipher.final()]);
  }
}
