import type { StatusRecord } from '@wildcat/redis-bus';
import type { AccountDoc } from '@wildcat/store';
import type { AccountView } from '../routes/accounts/schema.js';

/** The reference's account object: the MongoDB document joined with the live status in Redis. */
export function accountView(doc: AccountDoc, live: StatusRecord | undefined): AccountView {
  const status = live?.status ?? 'not_started';
  const jid = live?.jid ?? doc.jid;
  const pushName = live?.pushName ?? doc.pushName;
  return {
    _id: doc._id,
    name: doc.name,
    collectionName: doc.collectionName,
    status,
    currentStatus: status,
    hasQR: Boolean(live?.qr),
    createdAt: doc.createdAt.toISOString(),
    ...(jid ? { jid } : {}),
    ...(pushName ? { pushName } : {}),
    ...(doc.rejectCalls !== undefined ? { rejectCalls: doc.rejectCalls } : {}),
  };
}
