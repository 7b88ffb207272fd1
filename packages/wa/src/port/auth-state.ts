import type { AuthStateRepository, KeyWrites } from '@wildcat/store';

/**
 * What an engine may do with an account's credentials and signal keys. Every write is fenced
 * by the lease epoch the adapter was created with: once the shard moved to a newer owner the
 * store rejects the write (StaleEpochError) and the engine must close.
 */
export interface AuthStateAdapter {
  readCreds<T>(): Promise<T | undefined>;
  writeCreds(creds: unknown): Promise<void>;
  /** Values by id for one key type (any type: pre-key, session, lid-mapping, device-list, …). */
  readKeys<T>(type: string, ids: readonly string[]): Promise<Record<string, T>>;
  /** `null` deletes a key. */
  writeKeys(writes: KeyWrites): Promise<void>;
  /** Wipes credentials and keys (logout). */
  clear(): Promise<void>;
}

/** The store-backed adapter a worker hands to the engine, bound to its lease epoch. */
export function authStateFromStore(repository: AuthStateRepository, epoch: number): AuthStateAdapter {
  return {
    readCreds: <T>() => repository.readCreds<T>(),
    writeCreds: (creds) => repository.writeCreds(creds, epoch),
    readKeys: <T>(type: string, ids: readonly string[]) => repository.readKeys<T>(type, ids),
    writeKeys: (writes) => repository.writeKeys(writes, epoch),
    clear: () => repository.clear(epoch),
  };
}
