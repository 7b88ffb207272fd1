import { createHash } from 'node:crypto';
import { eventId, type WildcatEvent } from '@wildcat/jobs';
import type { AccountStatus } from '@wildcat/redis-bus';

export type Publish = (event: WildcatEvent) => Promise<void>;

export interface StatusChange {
  status: AccountStatus;
  lastUpdate: number;
  qr?: string;
  jid?: string;
  pushName?: string;
  reason?: string;
}

/** `account.status`, with an id that is the same if this exact change is published again. */
export function accountStatusEvent(accountId: string, change: StatusChange): WildcatEvent {
  return {
    id: eventId('account.status', accountId, change.status, String(change.lastUpdate)),
    type: 'account.status',
    accountId,
    timestamp: change.lastUpdate,
    data: {
      status: change.status,
      lastUpdate: new Date(change.lastUpdate).toISOString(),
      hasQR: change.qr !== undefined,
      ...(change.jid ? { jid: change.jid } : {}),
      ...(change.pushName ? { pushName: change.pushName } : {}),
      ...(change.reason ? { reason: change.reason } : {}),
    },
  };
}

export function accountQrEvent(accountId: string, qr: string, timestamp: number): WildcatEvent {
  const digest = createHash('sha256').update(qr).digest('hex').slice(0, 16);
  return {
    id: eventId('account.qr', accountId, digest),
    type: 'account.qr',
    accountId,
    timestamp,
    data: { qr },
  };
}
