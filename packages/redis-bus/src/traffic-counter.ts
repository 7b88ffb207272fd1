import type { Redis } from 'ioredis';

/**
 * Fleet-wide traffic per second, shared by every process through Redis (no Prometheus server):
 * session workers count messages sent and received, webhook workers delivery attempts that
 * succeeded or failed. Each process adds up its own counts in memory and writes them once a
 * second (HINCRBY into one hash per series and minute, field = epoch second); the hashes expire
 * after the window the console shows, so nothing grows.
 */
export const TRAFFIC_SERIES = ['sent', 'received', 'webhookOk', 'webhookFailed'] as const;
export type TrafficSeries = (typeof TRAFFIC_SERIES)[number];

/** The longest window a reader may ask for: the overview's 15 minutes. */
export const TRAFFIC_WINDOW_SECONDS = 900;
/** Kept a little past the window, so a reader at its edge still finds the oldest minute. */
const KEY_TTL_MS = (TRAFFIC_WINDOW_SECONDS + 180) * 1000;

/** One hash tag for all of them: a reader's pipeline stays on one Cluster slot. */
export function trafficKey(series: TrafficSeries, minute: number): string {
  return `wc:{traffic}:${series}:${minute}`;
}

export interface TrafficCounterOptions {
  /** How long counts wait in memory before they are written (default 1 s). */
  flushMs?: number;
  now?: () => number;
  /** A failed write loses those counts (they are telemetry) and is reported here. */
  onError?: (error: unknown) => void;
}

/** A webhook's attempts per minute, in two hashes per minute (field = webhook id). */
export function webhookAttemptsKey(kind: 'ok' | 'failed', minute: number): string {
  return `wc:{traffic}:webhook-${kind}:${minute}`;
}

/** Open circuit breakers, field = webhook id, value = JSON {openUntil, failures} (ms epoch). */
export const WEBHOOK_BREAKERS_KEY = 'wc:{traffic}:webhook-breakers';
const BREAKERS_TTL_MS = 3_600_000;

export class TrafficCounter {
  private pending = new Map<string, { key: string; field: string; count: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: TrafficCounterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  add(series: TrafficSeries, count = 1): void {
    const second = Math.floor(this.now() / 1000);
    this.increment(trafficKey(series, Math.floor(second / 60)), String(second), count);
  }

  /** One delivery attempt of a webhook: the fleet's ok/failed series and the webhook's own. */
  webhookAttempt(webhookId: string, ok: boolean): void {
    this.add(ok ? 'webhookOk' : 'webhookFailed');
    const minute = Math.floor(this.now() / 60_000);
    this.increment(webhookAttemptsKey(ok ? 'ok' : 'failed', minute), webhookId, 1);
  }

  /** A breaker opened (or opened again after a failed probe) in this process; written at once. */
  async breakerOpened(webhookId: string, openUntil: number, failures: number): Promise<void> {
    try {
      await this.redis
        .multi()
        .hset(WEBHOOK_BREAKERS_KEY, webhookId, JSON.stringify({ openUntil, failures }))
        .pexpire(WEBHOOK_BREAKERS_KEY, BREAKERS_TTL_MS)
        .exec();
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  async breakerClosed(webhookId: string): Promise<void> {
    try {
      await this.redis.hdel(WEBHOOK_BREAKERS_KEY, webhookId);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private increment(key: string, field: string, count: number): void {
    const id = `${key}|${field}`;
    const entry = this.pending.get(id);
    if (entry) entry.count += count;
    else this.pending.set(id, { key, field, count });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref?.();
    }
  }

  /** Writes what is pending now (also on close, so a stopping worker's last second counts). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const entries = [...this.pending.values()];
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    const keys = new Set<string>();
    for (const { key, field, count } of entries) {
      pipeline.hincrby(key, field, count);
      keys.add(key);
    }
    for (const key of keys) pipeline.pexpire(key, KEY_TTL_MS);
    try {
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([error]) => error);
      if (failed) throw failed[0];
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

export interface TrafficWindow {
  /** Epoch second of the first value; one value per second after it. */
  start: number;
  seconds: number;
  series: Record<TrafficSeries, number[]>;
}

/**
 * The last `seconds` full seconds of every series, ending two seconds ago (the writers flush
 * once a second, so the newest second is still filling). One round trip.
 */
export async function readTraffic(
  redis: Redis,
  seconds = TRAFFIC_WINDOW_SECONDS,
  now = Date.now(),
): Promise<TrafficWindow> {
  const end = Math.floor(now / 1000) - 2;
  const start = end - seconds + 1;
  const minutes: number[] = [];
  for (let minute = Math.floor(start / 60); minute <= Math.floor(end / 60); minute++) minutes.push(minute);
  const pipeline = redis.pipeline();
  for (const series of TRAFFIC_SERIES)
    for (const minute of minutes) pipeline.hgetall(trafficKey(series, minute));
  const replies = (await pipeline.exec()) ?? [];
  const result = {} as Record<TrafficSeries, number[]>;
  TRAFFIC_SERIES.forEach((series, s) => {
    const values = new Array<number>(seconds).fill(0);
    minutes.forEach((_, m) => {
      const [error, hash] = replies[s * minutes.length + m] ?? [null, null];
      if (error) throw error;
      for (const [field, value] of Object.entries((hash ?? {}) as Record<string, string>)) {
        const index = Number(field) - start;
        if (index >= 0 && index < seconds) values[index] = Number(value) || 0;
      }
    });
    result[series] = values;
  });
  return { start, seconds, series: result };
}
