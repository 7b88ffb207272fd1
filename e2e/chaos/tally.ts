import type { MongoInspector } from '@wildcat/testkit';
import type { SendRecord } from '../support/sends.js';
import type { ReceivedEvent } from './flaky-receiver.js';
import type { InjectedRecord } from './inbound-lane.js';
import { sendTextFor } from './send-lanes.js';

/** What the run's clients were told and what ended up stored and delivered. */
export interface Tally {
  sends: {
    accepted: number;
    /** By status of the accepted answer: 200 (sent) and 202 (queued). */
    acceptedBy: Record<string, number>;
    delivered: number;
    lost: string[];
    /** Idempotency keys stored more than once at the recipient. */
    duplicated: string[];
    /** Accepted, stored once, but under another message id than the 2xx answer named. */
    wrongId: string[];
    /** No 2xx: refused with a status that is no reason to retry, or the client gave up. */
    refused: Record<string, number>;
    gaveUp: number;
    /** Retried attempts by status (network errors and 5xx). */
    retriedBy: Record<string, number>;
  };
  inbound: { injected: number; stored: number; lost: string[]; duplicated: string[] };
  webhooks: {
    expected: number;
    delivered: number;
    lost: string[];
    /** Stored messages delivered under more than one event id: a receiver's dedup cannot drop those. */
    splitEvents: string[];
    /** Deliveries of messages that are not stored (an event with nothing behind it). */
    unstored: string[];
    /** Deliveries beyond the first per event id (allowed: at least once, deduplicated by event id). */
    redeliveries: number;
  };
}

interface StoredDoc {
  accountId: string;
  messageId: string;
  text?: string;
}

/** Every inbound message stored at the run's accounts. */
export async function storedInbound(
  mongo: MongoInspector,
  accountIds: readonly string[],
): Promise<StoredDoc[]> {
  return (await mongo.find(
    'messages',
    { accountId: { $in: [...accountIds] }, fromMe: false },
    { _id: 0, accountId: 1, messageId: 1, text: 1 },
  )) as unknown as StoredDoc[];
}

function count<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

export function tally(
  records: readonly SendRecord[],
  recipients: ReadonlyMap<string, string>,
  injected: readonly InjectedRecord[],
  stored: readonly StoredDoc[],
  received: readonly ReceivedEvent[],
): Tally {
  const byText = new Map<string, StoredDoc[]>();
  for (const doc of stored) {
    const key = `${doc.accountId}|${doc.text ?? ''}`;
    byText.set(key, [...(byText.get(key) ?? []), doc]);
  }
  const sends: Tally['sends'] = {
    accepted: 0,
    acceptedBy: {},
    delivered: 0,
    lost: [],
    duplicated: [],
    wrongId: [],
    refused: {},
    gaveUp: 0,
    retriedBy: {},
  };
  for (const record of records) {
    const copies = byText.get(`${recipients.get(record.accountId)}|${sendTextFor(record.key)}`) ?? [];
    if (copies.length > 1) sends.duplicated.push(record.key);
    for (const attempt of record.attempts.slice(0, -1))
      sends.retriedBy[attempt.status] = (sends.retriedBy[attempt.status] ?? 0) + 1;
    const last = record.attempts.at(-1);
    if (!record.messageId) {
      if (last && last.status !== 'network' && last.status < 500)
        sends.refused[last.status] = (sends.refused[last.status] ?? 0) + 1;
      else sends.gaveUp++;
      continue;
    }
    sends.accepted++;
    sends.acceptedBy[String(last?.status)] = (sends.acceptedBy[String(last?.status)] ?? 0) + 1;
    if (copies.length === 0) sends.lost.push(`${record.key} (${record.messageId})`);
    else if (copies.length === 1) {
      sends.delivered++;
      if (copies[0]?.messageId !== record.messageId) sends.wrongId.push(record.key);
    }
  }

  const storedById = count(stored, (doc) => `${doc.accountId}/${doc.messageId}`);
  const inbound: Tally['inbound'] = { injected: injected.length, stored: 0, lost: [], duplicated: [] };
  for (const message of injected) {
    const copies = storedById.get(`${message.accountId}/${message.messageId}`) ?? 0;
    if (copies === 0) inbound.lost.push(`${message.accountId}/${message.messageId}`);
    else if (copies > 1) inbound.duplicated.push(`${message.accountId}/${message.messageId}`);
    else inbound.stored++;
  }

  const eventIds = new Map<string, Set<string>>();
  for (const event of received) {
    if (event.fromMe) continue;
    const key = `${event.accountId}/${event.messageId}`;
    eventIds.set(key, (eventIds.get(key) ?? new Set()).add(event.eventId));
  }
  const expected = [...storedById.keys()];
  const inboundEvents = received.filter((event) => !event.fromMe);
  const webhooks: Tally['webhooks'] = {
    expected: expected.length,
    delivered: expected.filter((key) => eventIds.has(key)).length,
    lost: expected.filter((key) => !eventIds.has(key)),
    splitEvents: [...eventIds].filter(([, ids]) => ids.size > 1).map(([key]) => key),
    unstored: [...eventIds.keys()].filter((key) => !storedById.has(key)),
    redeliveries: inboundEvents.length - new Set(inboundEvents.map((event) => event.eventId)).size,
  };
  return { sends, inbound, webhooks };
}

/** Nothing accepted is missing yet (the drain waits for this). */
export function settled(result: Tally): boolean {
  return (
    result.sends.lost.length === 0 && result.inbound.lost.length === 0 && result.webhooks.lost.length === 0
  );
}
