import { WriteBatcher } from '@wildcat/redis-bus';
import type { Store } from '@wildcat/store';

type Deliveries = Store['deliveries'];

/**
 * Delivery-record writes in flight at once. Every delivered event job waits for its record, so a
 * record that queued behind a write still on its way held a job (and so a delivery slot) for
 * up to two round trips; with four, one at most (bench: 883 -> 1125 and 1392 -> 1586/s).
 */
const RECORD_LANES = 4;

/** Concurrent jobs share round trips: one bulkWrite for whatever piled up meanwhile. */
export function createDeliveryWriters(deliveries: Deliveries) {
  return {
    opens: new WriteBatcher((inputs: Parameters<Deliveries['open']>[0][]) => deliveries.openMany(inputs)),
    firstAttempts: new WriteBatcher(
      (batch: Parameters<Deliveries['recordOpenedAttempts']>[0][number][]) =>
        deliveries.recordOpenedAttempts(batch),
      500,
      0,
      RECORD_LANES,
    ),
    attempts: new WriteBatcher((batch: Parameters<Deliveries['recordAttempts']>[0][number][]) =>
      deliveries.recordAttempts(batch),
    ),
  };
}

export type DeliveryWriters = ReturnType<typeof createDeliveryWriters>;
