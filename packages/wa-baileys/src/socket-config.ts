import type { Agent } from 'node:https';
import type { UserFacingSocketConfig, WABrowserDescription, WAVersion } from '@whiskeysockets/baileys';

/**
 * How media HTTPS calls trust their host: Baileys uploads with node https (`fetchAgent`) and
 * downloads with fetch (`options.dispatcher`). Tests pass the local peer's
 * `clientMediaConfig()` so only those calls trust its CA; nothing process-wide changes.
 */
export interface MediaTransport {
  fetchAgent?: Agent;
  /** An undici Dispatcher (typed loosely: callers may hold another undici copy's Agent). */
  options?: { dispatcher?: object };
}

export interface BaileysEngineOptions {
  /** WA_WEBSOCKET_URL: the WhatsApp endpoint, or the local protocol peer in tests. */
  waWebSocketUrl?: string;
  media?: MediaTransport;
  /** WhatsApp Web version to announce; defaults to the one bundled with Baileys. */
  version?: WAVersion;
  browser?: WABrowserDescription;
  /** Level of the per-session Baileys child logger (default 'warn': Baileys is chatty). */
  logLevel?: string;
  /**
   * One set of retry/device/call caches for all sessions of the engine, each session's keys
   * scoped to it (default true; false: Baileys creates four NodeCaches per socket). See
   * bench/RESULTS.md, "Memory per idle Baileys session".
   */
  sharedCaches?: boolean;
  /**
   * One AsyncLocalStorage for Baileys' key-store transactions of all sockets (default true;
   * false: one per socket, as Baileys does it). See shared-async-storage.ts.
   */
  sharedAsyncStorage?: boolean;
}

/**
 * The socket settings every session shares. Choices that keep memory and traffic low:
 * no full history, no own-message echo (the worker stores what it sent), not marking the
 * account online (the phone keeps getting notifications).
 */
export function baseSocketConfig(
  options: BaileysEngineOptions,
  version: WAVersion | undefined,
): Partial<UserFacingSocketConfig> {
  return {
    ...(options.waWebSocketUrl ? { waWebSocketUrl: options.waWebSocketUrl } : {}),
    ...(version ? { version } : {}),
    ...(options.browser ? { browser: options.browser } : {}),
    ...(options.media?.fetchAgent ? { fetchAgent: options.media.fetchAgent } : {}),
    ...(options.media?.options ? { options: options.media.options as RequestInit } : {}),
    syncFullHistory: false,
    emitOwnEvents: false,
    markOnlineOnConnect: false,
  };
}
