import { type Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './is-duplicate-key.js';
import { COLLECTIONS } from './names.js';

/** `seed` = the reference's flat message payload; `envelope` = `{id,type,accountId,timestamp,data}`. */
export type WebhookFormat = 'seed' | 'envelope';

export interface WebhookDoc {
  _id: ObjectId;
  /** null for a global subscription (the reference's POST /webhooks). */
  accountId: string | null;
  url: string;
  /** Event types to receive; null = the format's default (seed: message only). */
  events: string[] | null;
  secret?: string;
  headers?: Record<string, string>;
  format: WebhookFormat;
  enabled: boolean;
  disabledReason?: string;
  createdAt: Date;
}

export interface NewWebhook {
  accountId: string | null;
  url: string;
  events?: string[] | null;
  secret?: string;
  headers?: Record<string, string>;
  format: WebhookFormat;
}

/** The event types a subscription receives: its list, else its format's default (seed: message only). */
export function wantedEventTypes(hook: Pick<WebhookDoc, 'events' | 'format'>): readonly string[] | 'all' {
  if (hook.events) return hook.events;
  return hook.format === 'seed' ? ['message'] : 'all';
}

/** Whether a subscription receives events of this type. */
export function wantsEvent(hook: Pick<WebhookDoc, 'events' | 'format'>, eventType: string): boolean {
  const wanted = wantedEventTypes(hook);
  return wanted === 'all' || wanted.includes(eventType);
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;

export function createWebhooksRepository(db: Db) {
  const webhooks = db.collection<WebhookDoc>(COLLECTIONS.webhooks);
  const byId = (id: string) =>
    ObjectId.isValid(id) && /^[a-f0-9]{24}$/.test(id) ? new ObjectId(id) : undefined;

  return {
    /** Creates the subscription, or returns the existing one for the same (accountId, url). */
    async createOrGet(input: NewWebhook): Promise<{ webhook: WebhookDoc; created: boolean }> {
      const doc: WebhookDoc = {
        _id: new ObjectId(),
        accountId: input.accountId,
        url: input.url,
        events: input.events ?? null,
        format: input.format,
        enabled: true,
        createdAt: new Date(),
        ...(input.secret ? { secret: input.secret } : {}),
        ...(input.headers ? { headers: input.headers } : {}),
      };
      try {
        await webhooks.insertOne(doc);
        return { webhook: doc, created: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await webhooks.findOne({
          accountId: { $eq: input.accountId },
          url: { $eq: input.url },
        });
        if (!existing) throw error;
        return { webhook: existing, created: false };
      }
    },

    async get(id: string): Promise<WebhookDoc | null> {
      const _id = byId(id);
      return _id ? webhooks.findOne({ _id }) : null;
    },

    /** accountId undefined = every subscription; null = global ones only. */
    list(filter: { accountId?: string | null } = {}): Promise<WebhookDoc[]> {
      const query = filter.accountId === undefined ? {} : { accountId: { $eq: filter.accountId } };
      return webhooks.find(query).sort({ createdAt: 1 }).toArray();
    },

    /** Enabled subscriptions that want this event of this account (global ones included). */
    async matching(accountId: string, eventType: string): Promise<WebhookDoc[]> {
      const candidates = await webhooks
        .find({ enabled: true, accountId: { $in: [accountId, null] } })
        .toArray();
      return candidates.filter((hook) => wantsEvent(hook, eventType));
    },

    /**
     * Enabled subscriptions of any of these accounts, and the global ones: `matching` for many
     * accounts in one query (filter each account's share with `wantsEvent`).
     */
    enabledFor(accountIds: readonly string[]): Promise<WebhookDoc[]> {
      return webhooks.find({ enabled: true, accountId: { $in: [...accountIds, null] } }).toArray();
    },

    /** Who wants what, of every enabled subscription (the webhook-interest registry's source). */
    enabledInterests(): Promise<Array<Pick<WebhookDoc, 'accountId' | 'events' | 'format'>>> {
      return webhooks
        .find({ enabled: true }, { projection: { _id: 0, accountId: 1, events: 1, format: 1 } })
        .toArray();
    },

    async disable(id: string, reason: string): Promise<void> {
      const _id = byId(id);
      if (_id) await webhooks.updateOne({ _id }, { $set: { enabled: false, disabledReason: reason } });
    },

    async remove(id: string): Promise<boolean> {
      const _id = byId(id);
      return _id ? (await webhooks.deleteOne({ _id })).deletedCount === 1 : false;
    },

    async deleteByAccount(accountId: string): Promise<string[]> {
      const docs = await webhooks
        .find({ accountId: { $eq: accountId } }, { projection: { _id: 1 } })
        .toArray();
      await webhooks.deleteMany({ accountId: { $eq: accountId } });
      return docs.map((doc) => doc._id.toHexString());
    },
  };
}
