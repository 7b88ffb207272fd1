export type Release = () => void;

interface Slot {
  active: number;
  waiters: Array<(release: Release) => void>;
}

/**
 * At most `perEndpoint` deliveries in flight per endpoint (the attempter's key: one subscription)
 * in this process, and at most
 * `maxWaiters` more waiting for one of those slots. Beyond that `tryAcquire` answers undefined
 * and the caller reschedules the job, so one slow endpoint holds a bounded number of worker
 * slots and the rest keep delivering to everyone else.
 */
export class EndpointLimiter {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly perEndpoint: number,
    private readonly maxWaiters = perEndpoint,
  ) {}

  tryAcquire(endpoint: string): Promise<Release | undefined> | Release | undefined {
    let slot = this.slots.get(endpoint);
    if (!slot) {
      slot = { active: 0, waiters: [] };
      this.slots.set(endpoint, slot);
    }
    if (slot.active < this.perEndpoint) {
      slot.active++;
      return this.releaser(endpoint, slot);
    }
    if (slot.waiters.length >= this.maxWaiters) return undefined;
    const waiting = slot;
    return new Promise<Release>((resolve) => waiting.waiters.push(resolve));
  }

  /** A slot only if one is free right now: never queues as a waiter. */
  tryAcquireNow(endpoint: string): Release | undefined {
    if (this.inFlight(endpoint) >= this.perEndpoint) return undefined;
    return this.tryAcquire(endpoint) as Release;
  }

  inFlight(endpoint: string): number {
    return this.slots.get(endpoint)?.active ?? 0;
  }

  private releaser(endpoint: string, slot: Slot): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.waiters.shift();
      if (next) {
        // Hand the slot straight to the next waiter; `active` stays the same.
        next(this.releaser(endpoint, slot));
        return;
      }
      slot.active--;
      if (slot.active === 0) this.slots.delete(endpoint);
    };
  }
}
