import { loadConfig } from '@wildcat/config';
import { checkWebhookUrl } from '@wildcat/webhooks';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors/http-error.js';

/**
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS from the gateway's config when it lists the variable, else from
 * the environment (the catalogue names the gateway as a reader either way).
 */
export function allowPrivateNetworks(fastify: FastifyInstance): boolean {
  const configured = (fastify.config as unknown as Record<string, unknown>).WEBHOOK_ALLOW_PRIVATE_NETWORKS;
  if (typeof configured === 'boolean') return configured;
  return loadConfig(['WEBHOOK_ALLOW_PRIVATE_NETWORKS']).WEBHOOK_ALLOW_PRIVATE_NETWORKS;
}

/**
 * The subscription-time SSRF check: 400 with a clear reason when the URL is not http(s) or
 * resolves to a loopback, private, link-local, CGNAT or metadata address. The webhook worker
 * checks again against the address it actually connects to.
 */
export async function assertWebhookUrlAllowed(url: string, allowPrivate: boolean): Promise<void> {
  const check = await checkWebhookUrl(url, { allowPrivate });
  if (!check.ok) throw new HttpError(400, check.error);
}
