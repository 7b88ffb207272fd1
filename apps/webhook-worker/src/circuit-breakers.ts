export interface BreakerSettings {
  /** Consecutive endpoint failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe is let through. */
  cooldownMs: number;
  now?: () => number;
  /** Told when a breaker opens (again) or closes, so the fleet console can show it. */
  onChange?: (
    endpoint: string,
    change: { open: true; openUntil: number; failures: number } | { open: false },
  ) => void;
}

export type Gate = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

/** success = 2xx; failure = timeout, connection error, 5xx; neutral = the endpoint is up but said no. */
export type EndpointOutcome = 'success' | 'failure' | 'neutral';

interface BreakerState {
  failures: number;
  openUntil: number;
  probing: boolean;
}

/**
 * One circuit breaker per endpoint, in process; the attempter keys endpoints by subscription
 * (webhook id), so tenants sharing a receiver host never share a breaker. While open, deliveries
 * to that endpoint are rescheduled (not held in a worker slot), so a dead endpoint costs the
 * others nothing. After the cooldown one probe goes through: success closes the breaker, failure
 * opens it again.
 */
export class CircuitBreakers {
  private readonly states = new Map<string, BreakerState>();
  private readonly now: () => number;

  constructor(private readonly settings: BreakerSettings) {
    this.now = settings.now ?? Date.now;
  }

  acquire(endpoint: string): Gate {
    const state = this.states.get(endpoint);
    if (!state || state.failures < this.settings.failureThreshold) return { allowed: true, probe: false };
    const now = this.now();
    if (now < state.openUntil) return { allowed: false, retryInMs: state.openUntil - now };
    if (state.probing) return { allowed: false, retryInMs: Math.max(1_000, this.settings.cooldownMs / 10) };
    state.probing = true;
    return { allowed: true, probe: true };
  }

  release(endpoint: string, outcome: EndpointOutcome, probe: boolean): void {
    const state = this.states.get(endpoint);
    if (outcome !== 'failure') {
      // A probe that was not a failure means the endpoint answers again.
      if (state && (outcome === 'success' || probe)) {
        this.states.delete(endpoint);
        if (state.failures >= this.settings.failureThreshold)
          this.settings.onChange?.(endpoint, { open: false });
      }
      return;
    }
    const next = state ?? { failures: 0, openUntil: 0, probing: false };
    next.failures += 1;
    if (probe) next.probing = false;
    this.states.set(endpoint, next);
    if (next.failures >= this.settings.failureThreshold) {
      next.openUntil = this.now() + this.settings.cooldownMs;
      this.settings.onChange?.(endpoint, { open: true, openUntil: next.openUntil, failures: next.failures });
    }
  }

  /** Endpoints whose breaker is open right now (a gauge). */
  openCount(): number {
    const now = this.now();
    let open = 0;
    for (const state of this.states.values()) {
      if (state.failures >= this.settings.failureThreshold && now < state.openUntil) open++;
    }
    return open;
  }
}
