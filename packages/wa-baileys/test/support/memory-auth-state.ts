import { BufferJSON } from '@whiskeysockets/baileys';
import { type AuthKeyWrites, type AuthStateAdapter, FencedWriteError } from '@wildcat/wa';

/** Through text and back, as a database would: Buffers survive only if BufferJSON keeps them. */
const encode = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
const decode = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

/**
 * One account's auth state in memory, shaped like the worker's store: `creds` and `<type>-<id>`
 * entries of BufferJSON text, and a fence (the highest lease epoch that wrote). A write from an
 * older epoch is refused, so a test can hand the shard to a newer owner and watch the old session.
 */
export class MemoryAuthAccount {
  /** Entry id → BufferJSON text, what the test may inspect raw. */
  readonly entries = new Map<string, string>();
  private fence = 0;

  constructor(readonly accountId: string) {}

  async readCreds<T>(): Promise<T | undefined> {
    const text = this.entries.get('creds');
    return text === undefined ? undefined : decode<T>(text);
  }

  async writeCreds(creds: unknown, epoch: number): Promise<void> {
    this.claim(epoch);
    this.entries.set('creds', encode(creds));
  }

  /** Values by id for one key type; missing ids are absent from the result. */
  async readKeys<T>(type: string, ids: readonly string[]): Promise<Record<string, T>> {
    const result: Record<string, T> = {};
    for (const id of ids) {
      const text = this.entries.get(`${type}-${id}`);
      if (text !== undefined) result[id] = decode<T>(text);
    }
    return result;
  }

  async writeKeys(writes: AuthKeyWrites, epoch: number): Promise<void> {
    const pairs = Object.entries(writes).flatMap(([type, byId]) =>
      Object.entries(byId).map(([id, value]) => [`${type}-${id}`, value] as const),
    );
    if (pairs.length === 0) return;
    this.claim(epoch);
    for (const [key, value] of pairs) {
      if (value === null || value === undefined) this.entries.delete(key);
      else this.entries.set(key, encode(value));
    }
  }

  /** Wipes credentials and keys (logout); the fence stays so stale writers remain fenced. */
  async clear(epoch: number): Promise<void> {
    this.claim(epoch);
    this.entries.clear();
  }

  hasCreds(): boolean {
    return this.entries.has('creds');
  }

  /** The engine port's adapter for the holder of lease `epoch`. */
  bind(epoch: number): AuthStateAdapter {
    return {
      readCreds: () => this.readCreds(),
      writeCreds: (creds) => this.writeCreds(creds, epoch),
      readKeys: (type, ids) => this.readKeys(type, ids),
      writeKeys: (writes) => this.writeKeys(writes, epoch),
      clear: () => this.clear(epoch),
    };
  }

  private claim(epoch: number): void {
    if (this.fence > epoch) throw new FencedWriteError(this.accountId);
    this.fence = epoch;
  }
}

/** Auth state of every account a test fixture connects, by account id. */
export class MemoryAuthStates {
  private readonly accounts = new Map<string, MemoryAuthAccount>();

  of(accountId: string): MemoryAuthAccount {
    const known = this.accounts.get(accountId);
    if (known) return known;
    const account = new MemoryAuthAccount(accountId);
    this.accounts.set(accountId, account);
    return account;
  }
}
