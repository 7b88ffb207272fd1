import { loadConfig } from '@wildcat/config';
import { checkWebhookUrl, GENERIC_URL_REFUSAL } from '@wildcat/webhooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/http-error.js';
import { scopedAccounts } from './account-scope.js';

export interface WebhookUrlPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS */
  allowPrivate: boolean;
  /** WEBHOOK_ALLOWED_PORTS; empty = any. */
  allowedPorts: readonly number[];
}

/**
 * The SSRF settings from the gateway's config, or from the environment when a caller built the
 * config without them (the catalogue names the gateway as a reader either way).
 */
export function webhookUrlPolicy(fastify: FastifyInstance): WebhookUrlPolicy {
  const configured = fastify.config as unknown as Partial<Record<string, unknown>>;
  const env = loadConfig(['WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'WEBHOOK_ALLOWED_PORTS']);
  const allowPrivate = configured.WEBHOOK_ALLOW_PRIVATE_NETWORKS;
  const allowedPorts = configured.WEBHOOK_ALLOWED_PORTS;
  return {
    allowPrivate: typeof allowPrivate === 'boolean' ? allowPrivate : env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    allowedPorts: Array.isArray(allowedPorts) ? (allowedPorts as number[]) : env.WEBHOOK_ALLOWED_PORTS,
  };
}

/**
 * The subscription-time SSRF check: 400 when the URL is not http(s), names a port outside
 * WEBHOOK_ALLOWED_PORTS, or resolves to a loopback, private, link-local, CGNAT, metadata or
 * reserved address. Whether a name resolves, and to what kind of address, is the internal
 * network's shape: an account-scoped key gets one generic text for those refusals (so it cannot
 * map the network by subscribing), an admin key the exact reason. The webhook worker checks again
 * against the address and port it actually connects to.
 */
export async function assertWebhookUrlAllowed(
  request: FastifyRequest,
  url: string,
  policy: WebhookUrlPolicy,
): Promise<void> {
  const check = await checkWebhookUrl(url, policy);
  if (check.ok) return;
  const scoped = scopedAccounts(request) !== undefined;
  throw new HttpError(400, scoped && check.refusal === 'address' ? GENERIC_URL_REFUSAL : check.error);
}

/** Delivery errors that tell whether the target resolved, and to what: hidden from scoped keys too. */
const ADDRESS_ERROR = /^(WILDCAT_UNSAFE_ADDRESS|ENOTFOUND|EAI_AGAIN)\b/;

export function deliveryErrorFor(request: FastifyRequest, error: string): string {
  return scopedAccounts(request) !== undefined && ADDRESS_ERROR.test(error) ? GENERIC_URL_REFUSAL : error;
}
