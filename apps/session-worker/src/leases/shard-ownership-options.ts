import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What a worker's shard ownership needs: its Redis, identity, lease timing and the shard callbacks. */
export interface ShardOwnershipOptions {
  /** Template of the worker's own lease connection (a duplicate named after the token is opened). */
  redis: Redis;
  workerId: string;
  shards: number;
  ttlMs: number;
  logger: Logger;
  /** Start serving a shard just acquired under `epoch`. */
  onAcquire(shard: number, epoch: number): Promise<void>;
  /** Hand a shard back gracefully (jobs finished, sockets closed) while the lease is still ours. */
  onRelease(shard: number): Promise<void>;
  /** The lease is gone or can no longer be trusted: close the shard's sockets at once. */
  onLost(shard: number): void;
  onChange?(owned: number): void;
  /**
   * Take over a holder whose lease connection has been gone from Redis this long (its process
   * died), instead of waiting for its leases to expire; 0 waits for expiry only.
   */
  takeoverGraceMs?: number;
  /** How often to look for vanished holders (default 500 ms). */
  watchIntervalMs?: number;
  /** The holder of these shards went missing; they may come our way after the grace period. */
  onHolderMissing?(shards: number[]): void;
}
