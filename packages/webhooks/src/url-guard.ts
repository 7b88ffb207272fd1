import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './ip-ranges.js';

export interface UrlGuardOptions {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: skip the address check (tests, private deployments). */
  allowPrivate: boolean;
  /** Resolver, replaceable in tests; returns every address of the host. */
  resolve?: (host: string) => Promise<string[]>;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; error: string };

async function resolveAll(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

/** URL hostnames keep IPv6 brackets; the resolver and classifier want the bare address. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * The subscription-time check: http or https only, and (unless private networks are allowed)
 * every address the host resolves to must be public. The delivery-time connector checks again
 * against the address it actually connects to, so a later DNS change cannot slip through.
 * Error strings are client-facing.
 */
export async function checkWebhookUrl(raw: string, options: UrlGuardOptions): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: 'url must be a valid http or https URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: 'url must use http or https' };
  }
  if (!url.hostname) return { ok: false, error: 'url must name a host' };
  if (options.allowPrivate) return { ok: true, url };

  const host = bareHost(url.hostname);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (options.resolve ?? resolveAll)(host);
  } catch {
    return { ok: false, error: `url host ${host} could not be resolved` };
  }
  if (addresses.length === 0) return { ok: false, error: `url host ${host} could not be resolved` };
  for (const address of addresses) {
    const addressClass = classifyAddress(address);
    if (addressClass) {
      return {
        ok: false,
        error: `url host ${host} resolves to a ${addressClass} address; webhooks may only target public addresses`,
      };
    }
  }
  return { ok: true, url };
}
