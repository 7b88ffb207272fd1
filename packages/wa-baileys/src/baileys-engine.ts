import { fetchLatestWaWebVersion, type WAVersion } from '@whiskeysockets/baileys';
import type { ConnectOptions, WaEngine } from '@wildcat/wa';
import { BaileysSession } from './baileys-session.js';
import { type BaileysEngineOptions, baseSocketConfig } from './socket-config.js';

export interface BaileysEngine extends WaEngine {
  readonly name: 'baileys';
  /** Sockets this engine holds open right now. */
  sessionCount(): number;
  /** The WhatsApp Web version new sockets announce (undefined: Baileys' bundled one). */
  version(): WAVersion | undefined;
}

const VERSION_FETCH_TIMEOUT_MS = 10_000;

/**
 * The real WhatsApp engine: one Baileys socket per account. Sessions share nothing but the
 * socket settings; each keeps only what Baileys itself holds (its creds object, bounded
 * retry/device caches) and reads signal keys from MongoDB on demand.
 */
export function createBaileysEngine(options: BaileysEngineOptions = {}): BaileysEngine {
  const sessions = new Set<BaileysSession>();
  let version = options.version;

  return {
    name: 'baileys',

    async connect(connect: ConnectOptions) {
      const session = await BaileysSession.open(connect, {
        socketConfig: baseSocketConfig(options, version),
        media: options.media,
        logLevel: options.logLevel ?? 'warn',
        onEnded: (ended) => sessions.delete(ended),
      });
      sessions.add(session);
      return session;
    },

    /** After a 405: ask web.whatsapp.com for the current version; keep ours when unreachable. */
    async refreshVersion() {
      const latest = await fetchLatestWaWebVersion({ signal: AbortSignal.timeout(VERSION_FETCH_TIMEOUT_MS) });
      if (latest.isLatest) version = latest.version;
    },

    sessionCount: () => sessions.size,
    version: () => version,

    async close() {
      await Promise.all([...sessions].map((session) => session.close()));
      sessions.clear();
    },
  };
}
