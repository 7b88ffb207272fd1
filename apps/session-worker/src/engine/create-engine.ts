import { createSandboxEngine, EngineUnavailableError, type WaEngine } from '@wildcat/wa';
import type { Redis } from 'ioredis';

export interface EngineSettings {
  redis: Redis;
  /** WA_WEBSOCKET_URL, for the Baileys adapter. */
  waWebSocketUrl?: string;
}

/**
 * The seam where WA_ENGINE picks an adapter. `baileys` lands with the Baileys adapter (issue 12):
 * until then asking for it fails loudly instead of pretending to connect.
 */
export function createEngine(name: 'baileys' | 'sandbox', settings: EngineSettings): WaEngine {
  if (name === 'sandbox') return createSandboxEngine({ redis: settings.redis });
  throw new EngineUnavailableError(
    'WA_ENGINE=baileys is not available in this build yet (the Baileys adapter arrives with issue 12); set WA_ENGINE=sandbox to run offline',
  );
}

/** Checked before connecting to anything, so the process fails in one line at start. */
export function assertEngineAvailable(name: 'baileys' | 'sandbox'): void {
  if (name === 'baileys')
    throw new EngineUnavailableError(
      'WA_ENGINE=baileys is not available in this build yet (the Baileys adapter arrives with issue 12); set WA_ENGINE=sandbox to run offline',
    );
}
