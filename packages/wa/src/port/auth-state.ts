/** Keys of one signal key type to set; `null` deletes that key. */
export type AuthKeyWrites = Record<string, Record<string, unknown | null>>;

/**
 * What an engine may do with an account's credentials and signal keys. Whoever hands the adapter
 * to the engine binds it to the lease epoch it holds: once the shard moved to a newer owner every
 * write rejects with FencedWriteError and the engine must close without another word.
 */
export interface AuthStateAdapter {
  readCreds<T>(): Promise<T | undefined>;
  writeCreds(creds: unknown): Promise<void>;
  /** Values by id for one key type (any type: pre-key, session, lid-mapping, device-list, …). */
  readKeys<T>(type: string, ids: readonly string[]): Promise<Record<string, T>>;
  /** `null` deletes a key. */
  writeKeys(writes: AuthKeyWrites): Promise<void>;
  /** Wipes credentials and keys (logout). */
  clear(): Promise<void>;
}
