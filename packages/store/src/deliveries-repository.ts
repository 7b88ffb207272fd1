import type { Db } from 'mongodb';
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

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;

export function createDeliveriesRepository(db: Db) {
  const deliveries = db.collection<DeliveryDoc>(COLLECTIONS.deliveries);

  return {
    collection: deliveries,

    async open(
      input: Pick<DeliveryDoc, '_id' | 'webhookId' | 'eventId' | 'eventType' | 'accountId'>,
    ): Promise<void> {
      const now = new Date();
      // _id comes from the equality filter on insert; naming it again in $setOnInsert is
      // refused as an immutable-field update by stricter servers (devdb).
      const { _id, ...fields } = input;
      await deliveries.updateOne(
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
        { upsert: true },
      );
    },

    async recordAttempt(id: string, attempt: AttemptRecord): Promise<void> {
      const now = new Date();
      await deliveries.updateOne(
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
