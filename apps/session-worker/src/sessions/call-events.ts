import { eventId, type WildcatEvent } from '@wildcat/jobs';
import type { Store } from '@wildcat/store';
import type { IncomingCall, WaSession } from '@wildcat/wa';
import type { Logger } from 'pino';
import type { Publish } from '../events/status-events.js';

/** Event ids allow [A-Za-z0-9_.-]; call ids are WhatsApp's (hex) or the sandbox's, kept safe anyway. */
const safePart = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);

/** `call` {callId, from, isVideo, status}; one event per stage of a call. */
export function callEvent(accountId: string, call: IncomingCall, status = call.status): WildcatEvent {
  return {
    id: eventId('call', accountId, safePart(call.callId), status),
    type: 'call',
    accountId,
    timestamp: call.timestamp,
    data: { callId: call.callId, from: call.from, isVideo: call.isVideo, status },
  };
}

export interface CallDeps {
  store: Store;
  publish: Publish;
  logger: Logger;
}

/**
 * An engine's `onCall`: publishes the stage as a `call` event and, when the account's owner set
 * `rejectCalls`, rejects an offer at once and publishes the `reject` stage too. The setting is
 * read at each offer, so a PATCH counts from the next call on without telling the worker.
 */
export function callHandler(accountId: string, socket: () => WaSession | undefined, deps: CallDeps) {
  return async (call: IncomingCall): Promise<void> => {
    await deps.publish(callEvent(accountId, call));
    if (call.status !== 'offer') return;
    const account = await deps.store.accounts.get(accountId);
    if (!account?.rejectCalls) return;
    const contacts = socket()?.contacts;
    if (!contacts) return;
    // Not awaited: handlers run in order per session, and a reject WhatsApp is slow to answer
    // (Baileys waits up to its query timeout) must not hold up the messages behind it.
    void contacts
      .rejectCall(call.callId, call.from)
      .then(() => deps.publish(callEvent(accountId, { ...call, timestamp: Date.now() }, 'reject')))
      .catch((error: unknown) =>
        // The call rings on; the offer event already told the owner about it.
        deps.logger.warn({ err: error, accountId, callId: call.callId }, 'could not reject the call'),
      );
  };
}
