import type { Delivery } from './webhook-sink.js';

/** What a set of webhook deliveries says about exactly-once delivery of `expected` message ids. */
export function deliveryReport(deliveries: readonly Delivery[], expected: ReadonlySet<string>) {
  const eventIdsByMessage = new Map<string, Set<string>>();
  for (const delivery of deliveries) {
    const messageId = String(delivery.body?.messageId);
    const ids = eventIdsByMessage.get(messageId) ?? new Set<string>();
    ids.add(delivery.eventId);
    eventIdsByMessage.set(messageId, ids);
  }
  return {
    /** Distinct message ids delivered. */
    delivered: eventIdsByMessage.size,
    /** Expected ids never delivered. */
    missing: [...expected].filter((id) => !eventIdsByMessage.has(id)),
    /** Delivered ids nobody sent. */
    unexpected: [...eventIdsByMessage.keys()].filter((id) => !expected.has(id)),
    /** Messages delivered under more than one event id (a duplicate that a receiver cannot drop). */
    splitEvents: [...eventIdsByMessage].filter(([, ids]) => ids.size !== 1).map(([id]) => id),
    /** Deliveries beyond the first per message (allowed: same event id, deduplicated by the receiver). */
    redeliveries: deliveries.length - eventIdsByMessage.size,
    distinctEventIds: new Set(deliveries.map((delivery) => delivery.eventId)).size,
  };
}
