import type { AccountStatus, StatusBrief } from './account-status.js';

/**
 * The fleet's buckets: the live status, with "waiting for a QR scan" told apart. Computed from a
 * status by the worker that writes it (mirrored into the store for the accounts table's filter)
 * and by the gateway that reads it, so both see the same bucket.
 */
export const FLEET_STATUSES = [
  'connected',
  'connecting',
  'reconnecting',
  'needs_qr',
  'logged_out',
  'not_started',
] as const;
export type FleetStatus = (typeof FLEET_STATUSES)[number];

/** A whole status record (a page of accounts) or its brief (fleet-wide counts). */
type LiveStatus = { status: AccountStatus; qr?: string } | Pick<StatusBrief, 'status' | 'hasQr'>;

export function fleetStatusOf(live: LiveStatus | undefined): FleetStatus {
  if (!live) return 'not_started';
  const qrWaiting = 'hasQr' in live ? live.hasQr : Boolean(live.qr);
  if (qrWaiting && live.status !== 'connected') return 'needs_qr';
  return live.status;
}
