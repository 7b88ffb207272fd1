import type { Release } from './endpoint-limiter.js';

/**
 * At most `size` HTTP deliveries in flight in this process (WEBHOOK_CONCURRENCY), whichever
 * worker makes them: the fan-out's first attempts and the delivery jobs' retries share it, so
 * running both workers never doubles what the setting allows. Waiters are served in order.
 */
export class DeliverySlots {
  private active = 0;
  private readonly waiters: Array<(release: Release) => void> = [];

  constructor(private readonly size: number) {}

  acquire(): Release | Promise<Release> {
    if (this.active < this.size) {
      this.active++;
      return this.releaser();
    }
    return new Promise<Release>((resolve) => this.waiters.push(resolve));
  }

  get inFlight(): number {
    return this.active;
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // Hand the slot straight to the next waiter; `active` stays the same.
      if (next) next(this.releaser());
      else this.active--;
    };
  }
}
