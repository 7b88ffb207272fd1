import type { Worker } from 'bullmq';

/** How long a closing shard lets its queue connections finish opening (Redis may be away). */
const READY_WAIT_MS = 5_000;

/**
 * Closes a BullMQ worker once its connections finished opening. BullMQ 5.81 closing a worker
 * whose connection is still initializing rejects that initialization after the connection has
 * dropped its listeners; the 'error' it then emits has no listener, and the unhandled rejection
 * kills the process (taskforcesh/bullmq#3546). A lease lost right after it was acquired, under
 * load, hits exactly that window.
 */
export async function closeWorker(
  worker: Worker,
  force: boolean,
  readyWaitMs = READY_WAIT_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const patience = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, readyWaitMs);
  });
  await Promise.race([
    // A connection that fails to open is the case waited out here; the close below runs either way.
    worker.waitUntilReady().then(
      () => undefined,
      () => undefined,
    ),
    patience,
  ]);
  clearTimeout(timer);
  await worker.close(force);
}
