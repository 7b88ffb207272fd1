import type { RedisTarget } from '@wildcat/redis-bus';
import type { Store } from '@wildcat/store';
import type { WaEngine } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MediaUrlSettings } from '../send/media-url.js';
import type { PolicyOptions } from '../sessions/reconnect-policy.js';

export interface SessionWorkerOptions {
  workerId: string;
  /** Where Redis is: a redis:// URL, or the Cluster/Sentinel target (redisTarget) for BullMQ's connections. */
  redisUrl: RedisTarget;
  /** Shared command connection (leases, status, sandbox). */
  redis: Redis;
  store: Store;
  engine: WaEngine;
  logger: Logger;
  shards: number;
  leaseTtlMs: number;
  /** Take over a dead holder's shards after its connection has been gone this long (0: on expiry only). */
  leaseTakeoverGraceMs?: number;
  sendRatePerMinute: number;
  sendMaxRateWaitMs: number;
  ffmpegPath: string;
  /** Sends by media `url`: size cap, timeout, private networks (MEDIA_URL_*). */
  mediaUrl?: MediaUrlSettings;
  metricsAccountLabels?: boolean;
  policy?: Partial<PolicyOptions>;
  sendConcurrency?: number;
  /** Send slots one account may hold at once (default 4); the rest of its sends wait in Redis. */
  sendAccountMaxInFlight?: number;
  /** How long a send waits for a connecting account (default 15 s). */
  sessionWaitMs?: number;
  /** How long an accepted send is held for its account to come back (SEND_HOLD_MS). */
  sendHoldMs: number;
}
