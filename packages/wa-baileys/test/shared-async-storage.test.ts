import { AsyncLocalStorage } from 'node:async_hooks';
import { addTransactionCapability, type SignalKeyStore } from '@whiskeysockets/baileys';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { withSharedAsyncStorage } from '../src/shared-async-storage.js';

const logger = pino({ level: 'silent' });
const memoryStore = (): SignalKeyStore => {
  const data = new Map<string, unknown>();
  return {
    get: async (type, ids) => Object.fromEntries(ids.map((id) => [id, data.get(`${type}.${id}`)])) as never,
    set: async (update) => {
      for (const [type, values] of Object.entries(update)) {
        for (const [id, value] of Object.entries(values ?? {})) data.set(`${type}.${id}`, value);
      }
    },
  };
};
const txOptions = { maxCommitRetries: 1, delayBetweenTriesMs: 1 };

describe("Baileys' per-socket AsyncLocalStorage, shared", () => {
  it('many key stores add one storage, not one per socket, to every new timer and promise', async () => {
    const symbolsBefore = Object.getOwnPropertySymbols(setTimeout(() => undefined, 0)).length;
    for (let i = 0; i < 20; i++) {
      const keys = withSharedAsyncStorage(() => addTransactionCapability(memoryStore(), logger, txOptions));
      await keys.transaction(async () => {
        await keys.get('pre-key', ['1']);
      }, `tx-${i}`);
    }
    const symbolsAfter = Object.getOwnPropertySymbols(setTimeout(() => undefined, 0)).length;
    expect(symbolsAfter - symbolsBefore).toBeLessThanOrEqual(1);
    // the real export is back for everybody else
    const { AsyncLocalStorage: current } = await import('node:async_hooks');
    expect(current).toBe(AsyncLocalStorage);
  });

  it('each socket sees only its own transaction, also when one runs inside another', async () => {
    const a = withSharedAsyncStorage(() => addTransactionCapability(memoryStore(), logger, txOptions));
    const b = withSharedAsyncStorage(() => addTransactionCapability(memoryStore(), logger, txOptions));
    const seen: boolean[] = [];
    await a.transaction(async () => {
      seen.push(a.isInTransaction(), b.isInTransaction());
      await b.transaction(async () => {
        seen.push(a.isInTransaction(), b.isInTransaction());
        await a.set({ 'pre-key': { '7': { public: Buffer.alloc(1), private: Buffer.alloc(1) } } });
      }, 'b');
      seen.push(b.isInTransaction());
    }, 'a');
    expect(seen).toEqual([true, false, true, true, false]);
    expect(a.isInTransaction()).toBe(false);
    expect((await a.get('pre-key', ['7']))['7']).toBeDefined();
  });
});
