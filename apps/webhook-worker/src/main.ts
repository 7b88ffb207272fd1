import { writePortFile } from '@wildcat/config';
import { createLogger } from './logger.js';
import { loadWorkerSettingsOrExit } from './settings.js';
import { startWebhookRuntime } from './webhook-runtime.js';

/** Within the pod's grace period (40 s): in-flight deliveries finish, then the process exits. */
const SHUTDOWN_DEADLINE_MS = 20_000;

const settings = loadWorkerSettingsOrExit();
const logger = createLogger(settings.LOG_LEVEL);

const runtime = await startWebhookRuntime(settings, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'webhook worker could not start');
  process.exit(1);
});

writePortFile(settings.PORT_FILE, runtime.health.port);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'webhook worker stopping');
    // In-flight jobs finish first; if Redis is away that could take forever, and anything cut
    // short is re-run from its stalled lock by the next worker, so a deadline is safe.
    setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'webhook worker did not stop in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'webhook worker did not stop cleanly');
        process.exit(1);
      },
    );
  });
}
