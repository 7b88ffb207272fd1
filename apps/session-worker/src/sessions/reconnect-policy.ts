import type { DesiredState } from '@wildcat/store';
import type { DisconnectInfo } from '@wildcat/wa';

/**
 * The reconnect policy, the one place that decides what a disconnect code means (DESIGN.md):
 *
 * | code | meaning                         | action                                   | status       | creds |
 * |------|---------------------------------|------------------------------------------|--------------|-------|
 * | 515  | restart required                | reconnect at once                        | reconnecting | keep  |
 * | 401  | logged out (device unlinked), or stored creds unusable by the engine | stop; desired state logged_out | logged_out | wipe |
 * | 440  | replaced by another socket      | stop, never reconnect by itself          | not_started  | keep  |
 * | 403  | forbidden                       | stop and alert                           | not_started  | keep  |
 * | 405  | client version refused          | refresh version, reconnect with backoff  | reconnecting | keep  |
 * | 408  | QR expired (while showing a QR) | stop; wait for a connect                 | not_started  | keep  |
 * | 408  | timed out (paired account)      | reconnect with backoff                   | reconnecting | keep  |
 * | 428, 500, 503, others | closed / bad session / unavailable | backoff with jitter, breaker | reconnecting | keep |
 */
export interface PolicyOptions {
  /** First backoff delay; doubles per consecutive failure (equal jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many consecutive failed reconnects the breaker opens … */
  breakerThreshold: number;
  /** … and reconnects wait this long until one succeeds. */
  breakerPauseMs: number;
  random?: () => number;
}

export const DEFAULT_POLICY: PolicyOptions = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  breakerThreshold: 8,
  breakerPauseMs: 300_000,
};

export interface PolicyContext {
  /** Consecutive reconnects since the last successful open. */
  attempts: number;
  /** The socket was showing a QR (not paired yet) when it closed. */
  awaitingScan: boolean;
}

export type PolicyDecision =
  | { action: 'reconnect'; delayMs: number; refreshVersion: boolean; reason: string }
  | {
      action: 'stop';
      status: 'logged_out' | 'not_started';
      wipeCreds: boolean;
      /** Desired state to record so a restart does not undo the stop. */
      desiredState?: DesiredState;
      alert: boolean;
      reason: string;
    };

function backoff(
  code: number,
  context: PolicyContext,
  options: PolicyOptions,
  reason: string,
): PolicyDecision {
  const random = options.random ?? Math.random;
  if (context.attempts >= options.breakerThreshold)
    return {
      action: 'reconnect',
      delayMs: options.breakerPauseMs,
      refreshVersion: false,
      reason: `${reason}; breaker open`,
    };
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** context.attempts);
  const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return { action: 'reconnect', delayMs, refreshVersion: code === 405, reason };
}

export function decideReconnect(
  info: DisconnectInfo,
  context: PolicyContext,
  options: PolicyOptions = DEFAULT_POLICY,
): PolicyDecision {
  switch (info.code) {
    case 515:
      return { action: 'reconnect', delayMs: 0, refreshVersion: false, reason: '515 restart required' };
    case 401:
      return {
        action: 'stop',
        status: 'logged_out',
        wipeCreds: true,
        desiredState: 'logged_out',
        alert: false,
        // the engine's reason, e.g. "stored credentials are unusable …; a new QR code scan is needed"
        reason: info.reason ? `401 logged out: ${info.reason}` : '401 logged out',
      };
    case 440:
      return {
        action: 'stop',
        status: 'not_started',
        wipeCreds: false,
        desiredState: 'disconnected',
        alert: false,
        reason: '440 replaced by another connection',
      };
    case 403:
      return {
        action: 'stop',
        status: 'not_started',
        wipeCreds: false,
        desiredState: 'disconnected',
        alert: true,
        reason: '403 forbidden',
      };
    case 408:
      if (context.awaitingScan)
        return {
          action: 'stop',
          status: 'not_started',
          wipeCreds: false,
          desiredState: 'disconnected',
          alert: false,
          reason: '408 QR code expired',
        };
      return backoff(408, context, options, '408 timed out');
    case 405:
      return backoff(405, context, options, '405 client version refused');
    default:
      return backoff(info.code, context, options, `${info.code} ${info.reason ?? 'connection closed'}`);
  }
}
