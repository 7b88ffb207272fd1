import type { WACallEvent } from '@whiskeysockets/baileys';
import type { CallStatus, IncomingCall } from '@wildcat/wa';
import { preferPn } from './jids.js';

/** The call stages the port reports (relay and transport chatter is left out). */
const CALL_STAGES = new Set<string>(['offer', 'ringing', 'timeout', 'reject', 'accept', 'terminate']);

/** Baileys' `call` event entry as the port's IncomingCall (the caller by phone number when known). */
export function callOf(call: WACallEvent): IncomingCall | undefined {
  if (!CALL_STAGES.has(call.status)) return undefined;
  return {
    callId: call.id,
    from: preferPn(call.from, call.callerPn),
    isVideo: call.isVideo === true,
    status: call.status as CallStatus,
    timestamp: call.date.getTime(),
  };
}

/**
 * The calls of one socket: each stage goes to `deliver` as an IncomingCall, and the caller as the
 * offer named it (LID or PN) is kept until the call ends, since a reject must name that JID.
 */
export class CallTracker {
  private readonly callers = new Map<string, string>();

  track(calls: readonly WACallEvent[], deliver: (call: IncomingCall) => void): void {
    for (const call of calls) {
      const incoming = callOf(call);
      if (!incoming) continue;
      if (call.status === 'offer') this.callers.set(call.id, call.from);
      else if (call.status !== 'ringing') this.callers.delete(call.id);
      deliver(incoming);
    }
  }

  callerAsOffered(callId: string): string | undefined {
    return this.callers.get(callId);
  }
}
