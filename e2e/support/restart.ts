import { type AppProcess, waitForHttp } from '@wildcat/dev-stack';

/** Starts a stopped or killed app process again (same port and environment) and waits for its health. */
export async function restart(app: AppProcess, timeoutMs = 120_000): Promise<void> {
  app.process.start();
  const healthy = await waitForHttp(`${app.url}/healthz`, timeoutMs, () => !app.process.running);
  if (!healthy) {
    throw new Error(
      `${app.process.name} did not come back:\n${app.process.recentOutput.slice(-30).join('\n')}`,
    );
  }
}

/** Resolves once `probe` holds, polling every 50 ms (for triggers inside a running load). */
export async function when(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((resolve) => setTimeout(resolve, 50));
}
