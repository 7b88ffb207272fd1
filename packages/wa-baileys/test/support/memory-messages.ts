import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';

/**
 * What the worker's store keeps for the engine, in memory: each message's stored content (what
 * ConnectOptions.getMessage answers Baileys with) and media bytes by id.
 */
export class MemoryMessages {
  private readonly contents = new Map<string, string>();
  private readonly media = new Map<string, Buffer>();

  /** Records a message's content, as the worker's send and receive pipelines do. */
  recordContent(accountId: string, messageId: string, content: string): void {
    this.contents.set(`${accountId}:${messageId}`, content);
  }

  async getContent(accountId: string, messageId: string): Promise<string | undefined> {
    return this.contents.get(`${accountId}:${messageId}`);
  }

  /** Keeps a stream's bytes under a new media id. */
  async uploadMedia(stream: NodeJS.ReadableStream): Promise<{ mediaId: string; length: number }> {
    const bytes = await buffer(stream);
    const mediaId = `media-${this.media.size + 1}`;
    this.media.set(mediaId, bytes);
    return { mediaId, length: bytes.length };
  }

  openMedia(mediaId: string): Readable {
    const bytes = this.media.get(mediaId);
    if (!bytes) throw new Error(`no media ${mediaId}`);
    // two chunks, as a database's download stream would hand it over in pieces
    return Readable.from([bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)]);
  }
}
