import {
  type AuthenticationCreds,
  type AuthenticationState,
  initAuthCreds,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import { type AuthStateAdapter, FencedWriteError } from '@wildcat/wa';
import { UnusableCredsError } from './unusable-creds-error.js';
import { unusableCredsReason } from './usable-creds.js';

export interface StoredAuthState {
  /** What `makeWASocket({ auth })` takes. Keys are read from the store on demand (no cache). */
  state: AuthenticationState;
  /** Persists the whole (in-place mutated) creds; writes are serialised and coalesced. */
  saveCreds(): Promise<void>;
  /** Resolves once every write started so far has finished (before reporting a close). */
  flush(): Promise<void>;
}

/**
 * Baileys auth state on top of the engine port's AuthStateAdapter (MongoDB, BufferJSON, fenced
 * by the lease epoch). Every key type goes through the same two calls, so types Baileys adds
 * later (`lid-mapping`, `device-list`, `tctoken`, `identity-key`, …) need no code here;
 * `lid-mapping` values are plain strings and the store keeps them as JSON string values.
 *
 * A FencedWriteError means another worker owns the account now: `onFenced` is called (the
 * session closes) and the error is swallowed, because Baileys would otherwise retry the key
 * transaction ten times, three seconds apart, while holding its mutex.
 *
 * Stored creds Baileys cannot use throw UnusableCredsError (no creds at all start a new pairing).
 */
export async function storedAuthState(
  adapter: AuthStateAdapter,
  onFenced: (error: FencedWriteError) => void,
): Promise<StoredAuthState> {
  const stored = await adapter.readCreds<AuthenticationCreds>();
  const unusable = stored === undefined ? undefined : unusableCredsReason(stored);
  if (unusable) throw new UnusableCredsError(unusable);
  const creds = stored ?? initAuthCreds();
  let pending: Promise<void> = Promise.resolve();
  let credsQueued = false;

  const fenced = (error: unknown): void => {
    if (error instanceof FencedWriteError) onFenced(error);
    else throw error;
  };

  // `pending` settles after every write started so far and never rejects (the caller of each
  // write gets its error), so flush() cannot raise an unrelated failure.
  function track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    pending = pending.then(() => settled);
    return work;
  }

  const keys: AuthenticationState['keys'] = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found = await adapter.readKeys<SignalDataTypeMap[T]>(type, ids);
      if (type !== 'app-state-sync-key') return found;
      // Baileys expects the protobuf class here, as its own multi-file store returns it.
      const typed: Record<string, SignalDataTypeMap[T]> = {};
      for (const [id, value] of Object.entries(found))
        typed[id] = proto.Message.AppStateSyncKeyData.fromObject(
          value as object,
        ) as unknown as SignalDataTypeMap[T];
      return typed;
    },
    async set(data: SignalDataSet) {
      const writes: Record<string, Record<string, unknown>> = {};
      for (const [type, byId] of Object.entries(data)) if (byId) writes[type] = byId;
      await track(adapter.writeKeys(writes).catch(fenced));
    },
  };

  return {
    state: { creds, keys },
    saveCreds() {
      // One write in flight plus at most one queued: the queued one stores the latest creds.
      if (credsQueued) return pending;
      credsQueued = true;
      return track(
        pending.then(() => {
          credsQueued = false;
          return adapter.writeCreds(creds).catch(fenced);
        }),
      );
    },
    async flush() {
      let seen: Promise<void>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
  };
}
