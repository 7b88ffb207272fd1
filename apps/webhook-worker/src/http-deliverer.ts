import { createGuardedConnector, ForbiddenPortError, UnsafeAddressError } from '@wildcat/webhooks';
import { Agent, request } from 'undici';
import { parseRetryAfter } from './backoff.js';
import type { DeliveryRequest } from './delivery-request.js';

export type HttpResult =
  | { kind: 'response'; statusCode: number; retryAfterMs?: number; body: string; durationMs: number }
  | { kind: 'error'; error: string; unsafe: boolean; durationMs: number };

export interface HttpDeliverer {
  post(delivery: DeliveryRequest): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface HttpDelivererOptions {
  /** Connect, headers and body timeout (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  allowPrivate: boolean;
  /** WEBHOOK_ALLOWED_PORTS; empty = any. */
  allowedPorts?: readonly number[];
  /** Response bytes read at most; the rest is dropped with the connection. */
  responseCapBytes?: number;
}

/** How much of a response body is kept for the delivery record. */
export const RESPONSE_CAP_BYTES = 4_096;

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= cap) {
      // Leaving the loop destroys the stream: a huge or endless response costs us nothing more.
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, cap).toString('utf8');
}

function describeError(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `connect timeout after ${timeoutMs} ms`;
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return `no response within ${timeoutMs} ms`;
  if (code === 'UND_ERR_BODY_TIMEOUT') return `response body stalled for ${timeoutMs} ms`;
  const message = error instanceof Error ? error.message : String(error);
  return (code ? `${code}: ${message}` : message).slice(0, 300);
}

/**
 * One pooled keep-alive undici Agent for every delivery of the process. Redirects are never
 * followed (undici's request does not follow them by default), and the guarded connector pins
 * each connection to an address that passed the SSRF check.
 */
export function createHttpDeliverer(options: HttpDelivererOptions): HttpDeliverer {
  const cap = options.responseCapBytes ?? RESPONSE_CAP_BYTES;
  const agent = new Agent({
    connect: createGuardedConnector({
      allowPrivate: options.allowPrivate,
      timeoutMs: options.timeoutMs,
      allowedPorts: options.allowedPorts,
    }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  });

  return {
    async post(delivery) {
      const started = performance.now();
      try {
        const response = await request(delivery.url, {
          method: 'POST',
          body: delivery.body,
          headers: delivery.headers,
          dispatcher: agent,
        });
        // The status code is the verdict; the body is only kept for the record, so a body cut
        // short (endpoint reset, timeout while reading) still counts as this response.
        const body = await readCapped(response.body, cap).catch(() => '');
        const durationMs = performance.now() - started;
        return {
          kind: 'response',
          statusCode: response.statusCode,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
          body,
          durationMs,
        };
      } catch (error) {
        return {
          kind: 'error',
          error: describeError(error, options.timeoutMs),
          // Never worth a retry: the target is refused until the subscription changes.
          unsafe: error instanceof UnsafeAddressError || error instanceof ForbiddenPortError,
          durationMs: performance.now() - started,
        };
      }
    },
    close: () => agent.close(),
  };
}
