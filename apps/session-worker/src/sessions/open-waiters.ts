type Waiter = (open: boolean) => void;

/** Callers waiting for a session to open (sends held during a handover), each with its deadline. */
export class OpenWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Resolves true when woken open, false when woken closed, timed out or aborted. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const done = (open: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(done);
        resolve(open);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(done);
    });
  }

  wake(open: boolean): void {
    for (const waiter of this.waiters) waiter(open);
    this.waiters.clear();
  }
}
