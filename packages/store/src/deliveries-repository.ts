import type { Db, Filter, UpdateFilter } from 'mongodb';
import { COLLECTIONS } from './names.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'dead' | 'skipped';

export interface DeliveryDoc {
  /** `${eventId}--${webhookId}`, the same as the delivery job id. */
  _id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  accountId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  /** The dead-letter flag: kept until someone retries or deletes it. */
  deadLettered: boolean;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt?: Date;
}

export interface AttemptRecord {
  status: DeliveryStatus;
  statusCode?: number;
  error?: string;
}

export type NewDelivery = Pick<DeliveryDoc, '_id' | 'webhookId' | 'eventId' | 'eventType' | 'accountId'>;

function openOp(input: NewDelivery, now: Date): [Filter<DeliveryDoc>, UpdateFilter<DeliveryDoc>] {
  // _id comes from the equality filter on insert; naming it again in $setOnInsert is
  // refused as an immutable-field update by stricter servers (devdb).
  const { _id, ...fields } = input;
  return [
    { _id: { $eq: _id } },
    {
      $setOnInsert: {
        ...fields,
        status: 'pending',
        attempts: 0,
        deadLettered: false,
        createdAt: now,
        updatedAt: now,
      },
    },
  ];
}

function attemptOp(
  id: string,
  attempt: AttemptRecord,
  now: Date,
): [Filter<DeliveryDoc>, UpdateFilter<DeliveryDoc>] {
  return [
    { _id: { $eq: id } },
    {
      $inc: { attempts: 1 },
      $set: {
        status: attempt.status,
        deadLettered: attempt.status === 'dead',
        updatedAt: now,
        ...(attempt.statusCode !== undefined ? { lastStatusCode: attempt.statusCode } : {}),
        ...(attempt.error !== undefined ? { lastError: attempt.error } : {}),
        ...(attempt.status === 'delivered' ? { deliveredAt: now } : {}),
      },
    },
  ];
}

/**
 * Opens the record and records its first attempt in one upsert, for a delivery attempted before
 * any record existed (the webhook worker's direct delivery). `$setOnInsert` names only fields the
 * attempt does not set: MongoDB refuses one path under two operators.
 */
function openedAttemptOp(
  input: NewDelivery,
  attempt: AttemptRecord,
  now: Date,
): [Filter<DeliveryDoc>, UpdateFilter<DeliveryDoc>] {
  const { _id, ...fields } = input;
  const [filter, update] = attemptOp(_id, attempt, now);
  return [filter, { ...update, $setOnInsert: { ...fields, createdAt: now } }];
}

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;

export function createDeliveriesRepository(db: Db) {
  const deliveries = db.collection<DeliveryDoc>(COLLECTIONS.deliveries);

  return {
    async open(input: NewDelivery): Promise<void> {
      await deliveries.updateOne(...openOp(input, new Date()), { upsert: true });
    },

    /** `open` for many deliveries in one round trip (a fan-out of several events). */
    async openMany(inputs: readonly NewDelivery[]): Promise<void> {
      if (inputs.length === 0) return;
      const now = new Date();
      await deliveries.bulkWrite(
        inputs.map((input) => {
          const [filter, update] = openOp(input, now);
          return { updateOne: { filter, update, upsert: true } };
        }),
        { ordered: false },
      );
    },

    async recordAttempt(id: string, attempt: AttemptRecord): Promise<void> {
      await deliveries.updateOne(...attemptOp(id, attempt, new Date()));
    },

    /** `recordAttempt` for many deliveries in one round trip (a busy webhook worker batches). */
    async recordAttempts(batch: ReadonlyArray<{ id: string; attempt: AttemptRecord }>): Promise<void> {
      if (batch.length === 0) return;
      const now = new Date();
      await deliveries.bulkWrite(
        batch.map(({ id, attempt }) => {
          const [filter, update] = attemptOp(id, attempt, now);
          return { updateOne: { filter, update } };
        }),
        { ordered: false },
      );
    },

    /** `open` and `recordAttempt` together, for many deliveries in one round trip. */
    async recordOpenedAttempts(
      batch: ReadonlyArray<{ delivery: NewDelivery; attempt: AttemptRecord }>,
    ): Promise<void> {
      if (batch.length === 0) return;
      const now = new Date();
      await deliveries.bulkWrite(
        batch.map(({ delivery, attempt }) => {
          const [filter, update] = openedAttemptOp(delivery, attempt, now);
          return { updateOne: { filter, update, upsert: true } };
        }),
        { ordered: false },
      );
    },

    /** Puts a dead or failed delivery back to pending for a manual retry. */
    async reopen(id: string): Promise<boolean> {
      const result = await deliveries.updateOne(
        { _id: { $eq: id } },
        { $set: { status: 'pending', deadLettered: false, updatedAt: new Date() } },
      );
      return result.matchedCount === 1;
    },

    get(id: string): Promise<DeliveryDoc | null> {
      return deliveries.findOne({ _id: { $eq: id } });
    },

    /** Newest first. */
    listByWebhook(webhookId: string, page: { limit: number; skip: number }): Promise<DeliveryDoc[]> {
      return deliveries
        .find({ webhookId: { $eq: webhookId } })
        .sort({ createdAt: -1, _id: -1 })
        .skip(page.skip)
        .limit(page.limit)
        .toArray();
    },

    countDead(): Promise<number> {
      return deliveries.countDocuments({ deadLettered: true });
    },

    async deleteByWebhooks(webhookIds: readonly string[]): Promise<number> {
      if (webhookIds.length === 0) return 0;
      return (await deliveries.deleteMany({ webhookId: { $in: [...webhookIds] } })).deletedCount;
    },
  };
}
