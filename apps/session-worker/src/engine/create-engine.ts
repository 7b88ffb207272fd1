import type { WaEngine } from '@wildcat/wa';
import { createSandboxEngine } from '@wildcat/wa-sandbox';
import type { Redis } from 'ioredis';

export interface EngineSettings {
  redis: Redis;
  /** WA_WEBSOCKET_URL, for the Baileys adapter. */
  waWebSocketUrl?: string;
}

/** The seam where WA_ENGINE picks an adapter: real WhatsApp through Baileys, or the sandbox. */
export async function createEngine(name: 'baileys' | 'sandbox', settings: EngineSettings): Promise<WaEngine> {
  if (name === 'sandbox') return createSandboxEngine({ redis: settings.redis });
  // Loaded only when chosen: Baileys and its protocol tables cost about a second of CPU to load
  // (measured under tsx), which every sandbox worker start paid for nothing.
  const { createBaileysEngine } = await import('@wildcat/wa-baileys');
  return createBaileysEngine({ waWebSocketUrl: settings.waWebSocketUrl });
}

/** Checked before connecting to anything, so the process fails in one line at start. Both engines ship in this build. */
export function assertEngineAvailable(_name: 'baileys' | 'sandbox'): void {}
