import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './ip-ranges.js';

export interface UrlGuardOptions {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: skip the address check (tests, private deployments). */
  allowPrivate: boolean;
  /** WEBHOOK_ALLOWED_PORTS: the ports a URL may name (its scheme's default when it names none); empty = any. */
  allowedPorts?: readonly number[];
  /** Resolver, replaceable in tests; returns every address of the host. */
  resolve?: (host: string) => Promise<string[]>;
}

/**
 * `address` refusals depend on what the host resolves to: a caller that must not learn about the
 * internal network (an account-scoped key) gets one generic text for them (GENERIC_URL_REFUSAL).
 */
export type UrlCheck =
  | { ok: true; url: URL }
  | { ok: false; error: string; refusal: 'syntax' | 'port' | 'address' };

/** The one text an account-scoped key sees for an unresolvable or non-public host. */
export const GENERIC_URL_REFUSAL =
  'url is not allowed: webhooks may only target a public http or https address (an admin key sees the exact reason)';

async function resolveAll(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

/** URL hostnames keep IPv6 brackets; the resolver and classifier want the bare address. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** The port a connection to this URL uses: its own, else its scheme's default. */
export function effectivePort(port: string | number | undefined, protocol: string): number {
  const explicit = Number(port);
  if (port !== undefined && port !== '' && Number.isInteger(explicit) && explicit > 0) return explicit;
  return protocol === 'https:' ? 443 : 80;
}

export function isPortAllowed(port: number, allowedPorts: readonly number[] | undefined): boolean {
  return !allowedPorts || allowedPorts.length === 0 || allowedPorts.includes(port);
}

/**
 * The subscription-time check: http or https only, a port on WEBHOOK_ALLOWED_PORTS (when set),
 * and (unless private networks are allowed) every address the host resolves to must be public.
 * The delivery-time connector checks again against the address and port it actually connects
 * to, so a later DNS change cannot slip through. Error strings are client-facing.
 */
export async function checkWebhookUrl(raw: string, options: UrlGuardOptions): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, refusal: 'syntax', error: 'url must be a valid http or https URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, refusal: 'syntax', error: 'url must use http or https' };
  }
  if (!url.hostname) return { ok: false, refusal: 'syntax', error: 'url must name a host' };
  const port = effectivePort(url.port, url.protocol);
  if (!isPortAllowed(port, options.allowedPorts)) {
    return {
      ok: false,
      refusal: 'port',
      error: `url port ${port} is not allowed; webhooks may use port ${options.allowedPorts?.join(', ')}`,
    };
  }
  if (options.allowPrivate) return { ok: true, url };

  const host = bareHost(url.hostname);
  const unresolved = {
    ok: false,
    refusal: 'address',
    error: `url host ${host} could not be resolved`,
  } as const;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (options.resolve ?? resolveAll)(host);
  } catch {
    return unresolved;
  }
  if (addresses.length === 0) return unresolved;
  for (const address of addresses) {
    const addressClass = classifyAddress(address);
    if (addressClass) {
      return {
        ok: false,
        refusal: 'address',
        error: `url host ${host} resolves to a ${addressClass} address; webhooks may only target public addresses`,
      };
    }
  }
  return { ok: true, url };
}
