import type { DeliveryDoc, WebhookDoc } from '@wildcat/store';

/** A subscription for clients: whether it has a secret and which headers, never their values. */
export function accountWebhookView(hook: WebhookDoc) {
  return {
    id: hook._id.toHexString(),
    url: hook.url,
    accountId: hook.accountId,
    events: hook.events,
    format: hook.format,
    enabled: hook.enabled,
    ...(hook.disabledReason ? { disabledReason: hook.disabledReason } : {}),
    hasSecret: Boolean(hook.secret),
    headerNames: Object.keys(hook.headers ?? {}),
    createdAt: hook.createdAt.toISOString(),
  };
}

/** `lastError` as the caller may see it (deliveryErrorFor hides address refusals from scoped keys). */
export function deliveryView(doc: DeliveryDoc, showError: (error: string) => string = (error) => error) {
  return {
    id: doc._id,
    webhookId: doc.webhookId,
    eventId: doc.eventId,
    eventType: doc.eventType,
    accountId: doc.accountId,
    status: doc.status,
    attempts: doc.attempts,
    ...(doc.lastStatusCode !== undefined ? { lastStatusCode: doc.lastStatusCode } : {}),
    ...(doc.lastError !== undefined ? { lastError: showError(doc.lastError) } : {}),
    deadLettered: doc.deadLettered,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    ...(doc.deliveredAt ? { deliveredAt: doc.deliveredAt.toISOString() } : {}),
  };
}
