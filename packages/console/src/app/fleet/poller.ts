/**
 * Runs `tick` now and again `everyMs` after each run ends (never two at once, so a slow gateway
 * is not piled on). While the tab is hidden it waits: nobody is looking. Returns the stop function.
 */
export function startPolling(tick: () => Promise<void>, everyMs: number): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    timer = undefined;
    if (stopped) return;
    if (document.hidden) {
      document.addEventListener('visibilitychange', run, { once: true });
      return;
    }
    try {
      await tick();
    } finally {
      if (!stopped) timer = setTimeout(run, everyMs);
    }
  };
  void run();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    document.removeEventListener('visibilitychange', run);
  };
}
