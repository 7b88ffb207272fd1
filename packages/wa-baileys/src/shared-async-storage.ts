import asyncHooks, { AsyncLocalStorage } from 'node:async_hooks';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Baileys' `addTransactionCapability` (called inside every makeWASocket) creates its own
 * AsyncLocalStorage and never disables it. On Node 20 every enabled AsyncLocalStorage stays in
 * a process-wide list, and each new async resource (every Promise, every Timeout) gets one
 * symbol property per storage in that list, whether or not that socket is involved. With N
 * sockets each promise and timer carries N properties (a ~6 KiB dictionary at N = 200) and
 * costs N writes to create: memory per session and CPU per await grow with the number of
 * sessions, and ended sockets (every 515 reconnect) still count. bench/RESULTS.md, "Memory per
 * idle Baileys session", has the numbers.
 *
 * Instead, every socket's storage is a view onto one shared AsyncLocalStorage: the store is a
 * chain of frames tagged with the view that entered it, so each view sees exactly what its own
 * `run` set, as with separate instances, and the process holds one storage whatever N is.
 * Baileys uses only `run` and `getStore`.
 */
interface Frame {
  owner: ScopedAsyncStorage<unknown>;
  value: unknown;
  parent: Frame | undefined;
}

// Captured once: the imported binding is live and reads the swapped export during a swap.
const RealAsyncLocalStorage = AsyncLocalStorage;
const shared = new RealAsyncLocalStorage<Frame>();

class ScopedAsyncStorage<T> {
  getStore(): T | undefined {
    for (let frame = shared.getStore(); frame; frame = frame.parent) {
      if (frame.owner === this) return frame.value as T;
    }
    return undefined;
  }

  run<R, A extends unknown[]>(value: T, callback: (...args: A) => R, ...args: A): R {
    return shared.run({ owner: this, value, parent: shared.getStore() }, callback, ...args);
  }
}

/**
 * Runs `create` (makeWASocket: synchronous, so nothing else runs meanwhile) with the
 * `AsyncLocalStorage` export of node:async_hooks swapped for the scoped view, then puts the
 * real one back. `syncBuiltinESMExports` carries the swap to ESM importers such as Baileys.
 */
export function withSharedAsyncStorage<T>(create: () => T): T {
  const exports = asyncHooks as { AsyncLocalStorage: unknown };
  exports.AsyncLocalStorage = ScopedAsyncStorage;
  syncBuiltinESMExports();
  try {
    return create();
  } finally {
    exports.AsyncLocalStorage = RealAsyncLocalStorage;
    syncBuiltinESMExports();
  }
}
