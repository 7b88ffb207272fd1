import { fetchLatestWaWebVersion, type WAVersion } from '@whiskeysockets/baileys';
import type { ConnectOptions, WaEngine } from '@wildcat/wa';
import { BaileysSession } from './baileys-session.js';
import { refusedSession } from './refused-session.js';
import { createEngineCaches } from './shared-caches.js';
import { type BaileysEngineOptions, baseSocketConfig } from './socket-config.js';
import { UnusableCredsError } from './unusable-creds-error.js';

export interface BaileysEngine extends WaEngine {
  readonly name: 'baileys';
  /** Sockets this engine holds open right now. */
  sessionCount(): number;
  /** The WhatsApp Web version new sockets announce (undefined: Baileys' bundled one). */
  version(): WAVersion | undefined;
}

const VERSION_FETCH_TIMEOUT_MS = 10_000;

/**
 * The real WhatsApp engine: one Baileys socket per account. Sessions share the socket settings
 * and the retry/device/call caches (one map per kind, keys scoped per socket); each keeps what
 * else Baileys holds (its creds object, recent-message LRUs) and reads signal keys from
 * MongoDB on demand.
 */
export function createBaileysEngine(options: BaileysEngineOptions = {}): BaileysEngine {
  const sessions = new Set<BaileysSession>();
  let version = options.version;
  const caches = options.sharedCaches === false ? undefined : createEngineCaches();
  let socketSeq = 0;

  return {
    name: 'baileys',

    async connect(connect: ConnectOptions) {
      const scoped = caches?.forSession(`${connect.accountId}#${++socketSeq}`);
      let session: BaileysSession;
      try {
        session = await BaileysSession.open(connect, {
          socketConfig: { ...baseSocketConfig(options, version), ...scoped?.config },
          media: options.media,
          logLevel: options.logLevel ?? 'warn',
          sharedAsyncStorage: options.sharedAsyncStorage !== false,
          onEnded: (ended) => {
            sessions.delete(ended);
            scoped?.release();
          },
        });
      } catch (error) {
        scoped?.release();
        if (error instanceof UnusableCredsError) {
          connect.logger.warn({ accountId: connect.accountId }, error.message);
          return refusedSession(connect, error.message);
        }
        throw error;
      }
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
      caches?.close();
    },
  };
}
