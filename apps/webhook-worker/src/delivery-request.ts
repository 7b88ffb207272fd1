import type { WildcatEvent } from '@wildcat/jobs';
import type { WebhookDoc } from '@wildcat/store';
import { isReservedHeader, signWildcatPayload, WILDCAT_HEADERS } from '@wildcat/webhooks';
import { type PayloadOptions, renderPayload } from './payload.js';

export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface RequestContext {
  deliveryId: string;
  /** 1-based attempt number, for the receiver's logs. */
  attempt: number;
  nowMs?: number;
}

export const USER_AGENT = 'Wildcat-Webhooks/1.0';

/**
 * Body and headers of one attempt. The timestamp is taken per attempt, so a retry hours later is
 * not rejected by a receiver's replay window; the subscription's own headers go first and can
 * never replace ours (reserved names are dropped, and the gateway refuses them at creation).
 */
export function buildDeliveryRequest(
  webhook: Pick<WebhookDoc, 'url' | 'format' | 'secret' | 'headers'>,
  event: WildcatEvent,
  context: RequestContext,
  payload: PayloadOptions = {},
): DeliveryRequest {
  const body = renderPayload(webhook, event, payload);
  const timestamp = String(Math.floor((context.nowMs ?? Date.now()) / 1000));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(webhook.headers ?? {})) {
    if (!isReservedHeader(name)) headers[name.toLowerCase()] = value;
  }
  headers['content-type'] = 'application/json';
  headers['user-agent'] = USER_AGENT;
  headers[WILDCAT_HEADERS.eventId] = event.id;
  headers[WILDCAT_HEADERS.event] = event.type;
  headers[WILDCAT_HEADERS.timestamp] = timestamp;
  headers[WILDCAT_HEADERS.deliveryId] = context.deliveryId;
  headers[WILDCAT_HEADERS.attempt] = String(context.attempt);
  if (webhook.secret)
    headers[WILDCAT_HEADERS.signature] = signWildcatPayload(webhook.secret, timestamp, body);
  return { url: webhook.url, body, headers };
}
