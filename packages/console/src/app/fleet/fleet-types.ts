/** The gateway's /fleet answers as the console reads them (the zod schemas in apps/gateway). */

export const FLEET_STATUSES = [
  'connected',
  'connecting',
  'reconnecting',
  'needs_qr',
  'logged_out',
  'not_started',
] as const;
export type FleetStatus = (typeof FLEET_STATUSES)[number];

export const FLEET_STATUS_LABELS: Record<FleetStatus, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  needs_qr: 'Needs QR',
  logged_out: 'Logged out',
  not_started: 'Not started',
};

export interface QueueFamily {
  family: string;
  queues: number;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingSeconds: number;
}

export interface FleetSummary {
  time: string;
  accounts: { total: number; counts: Record<FleetStatus, number> };
  alerts: { loggedOut: string[]; stuckReconnecting: string[] };
  queues: QueueFamily[];
}

export interface FleetWorker {
  workerId: string;
  heartbeatAgeMs: number;
  alive: boolean;
  shards: number[];
  accounts: number;
  rssBytes?: number;
  heapUsedBytes?: number;
}

export interface FleetWorkers {
  shards: number;
  workers: FleetWorker[];
  unowned: number[];
}

export interface WebhookHealth {
  webhookId: string;
  accountId: string | null;
  url: string;
  enabled: boolean;
  ok: number;
  failed: number;
  failureRate: number;
  breaker: 'closed' | 'open' | 'half-open';
  breakerOpenUntil?: string;
}

export interface FleetTraffic {
  start: string;
  stepSeconds: 1;
  series: { sent: number[]; received: number[]; webhookOk: number[]; webhookFailed: number[] };
  webhooks: WebhookHealth[];
}

/** One row of GET /fleet/accounts: the account with its live status bucket. */
export interface FleetAccount {
  _id: string;
  name: string;
  createdAt: string;
  jid?: string;
  fleetStatus: FleetStatus;
}

export interface FleetAccountsPage {
  total: number;
  limit: number;
  offset: number;
  accounts: FleetAccount[];
}

export type BulkAction = 'connect' | 'disconnect' | 'set-webhook';

export interface BulkResult {
  accountId: string;
  ok: boolean;
  error?: string;
}
