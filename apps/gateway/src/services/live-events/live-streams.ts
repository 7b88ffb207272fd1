import type { Principal } from '../auth/principal.js';

/** How a stream ends when its access ends: SSE ends the response, WebSocket closes with 4401. */
export type EndStream = () => void;

interface Stream {
  keyId?: string;
  accountIds: readonly string[];
  end: EndStream;
}

/**
 * The live streams (SSE and WebSocket) open on this gateway, by the key that opened them, so a
 * revoked key or a deleted account ends its streams instead of only its next request.
 */
export class LiveStreams {
  private readonly streams = new Set<Stream>();

  /** Tracks a stream until the returned function is called (when it closes for any reason). */
  add(principal: Principal | null, end: EndStream): () => void {
    const stream: Stream = {
      keyId: principal && principal.kind !== 'anonymous' ? principal.keyId : undefined,
      accountIds: principal?.kind === 'account' ? principal.accountIds : [],
      end,
    };
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** Ends the streams opened with `keyId`; answers how many. */
  endKey(keyId: string): number {
    return this.endWhere((stream) => stream.keyId === keyId);
  }

  /** Ends the streams of keys scoped to `accountId` (the account was deleted, and its keys with it). */
  endAccount(accountId: string): number {
    return this.endWhere((stream) => stream.accountIds.includes(accountId));
  }

  endAll(): number {
    return this.endWhere(() => true);
  }

  /** The keys that have streams open here. */
  keyIds(): string[] {
    return [...new Set([...this.streams].flatMap((stream) => (stream.keyId ? [stream.keyId] : [])))];
  }

  get size(): number {
    return this.streams.size;
  }

  private endWhere(match: (stream: Stream) => boolean): number {
    const ended = [...this.streams].filter(match);
    for (const stream of ended) {
      this.streams.delete(stream);
      stream.end();
    }
    return ended.length;
  }
}
