/**
 * Where one AccountSession is in its life. The account's published `status` (Redis, events) is
 * written at these transitions; this is what the session itself may do next.
 *
 * - `idle`: no socket and nothing scheduled (new, or closed for good by the reconnect policy).
 * - `queued`: a connect is coming (a takeover starts sessions through a limiter); sends wait.
 * - `opening`: the engine is connecting; no QR and not open yet.
 * - `awaiting_scan`: the socket shows a QR (or waits for a pairing code); a human must act.
 * - `open`: paired and open for sending.
 * - `backoff`: the socket closed unasked; a reconnect is scheduled.
 * - `stopped`: stopped or logged out by the worker; final.
 */
export type SessionState = 'idle' | 'queued' | 'opening' | 'awaiting_scan' | 'open' | 'backoff' | 'stopped';

/**
 * - `expect`: a connect was queued for this new session.
 * - `connect`: open a socket (a command, the takeover's start, or the reconnect timer).
 * - `qr`: the engine shows a (new) QR code.
 * - `open`: the engine paired and opened.
 * - `retry`: the socket closed (or failed to connect) and the policy reconnects.
 * - `halt`: the socket closed and the policy stops (logged out, replaced, forbidden, QR expired).
 * - `stop`: the worker closes the session (disconnect, hand-over, lost lease).
 * - `logout`: the worker unlinks the device.
 */
export type SessionEvent = 'expect' | 'connect' | 'qr' | 'open' | 'retry' | 'halt' | 'stop' | 'logout';

/** `ignore`: the event is expected in that state and changes nothing (a second "connect"). */
type Outcome = SessionState | 'ignore';

/**
 * The transition table. A pair missing here is illegal: refused and logged, never applied.
 *
 * | state \ event | expect | connect | qr            | open | retry   | halt | stop    | logout  |
 * |---------------|--------|---------|---------------|------|---------|------|---------|---------|
 * | idle          | queued | opening |               |      |         |      | stopped | stopped |
 * | queued        |        | opening |               |      |         |      | stopped | stopped |
 * | opening       |        | ignore  | awaiting_scan | open | backoff | idle | stopped | stopped |
 * | awaiting_scan |        | ignore  | awaiting_scan | open | backoff | idle | stopped | stopped |
 * | open          |        | ignore  |               |      | backoff | idle | stopped | stopped |
 * | backoff       |        | opening |               |      |         |      | stopped | stopped |
 * | stopped       |        |         |               |      |         |      | stopped | stopped |
 *
 * Events of a socket the session already replaced or closed never get here: each socket's
 * handlers carry its generation and drop what arrives after it.
 */
export const SESSION_TRANSITIONS: Readonly<
  Record<SessionState, Readonly<Partial<Record<SessionEvent, Outcome>>>>
> = {
  idle: { expect: 'queued', connect: 'opening', stop: 'stopped', logout: 'stopped' },
  queued: { connect: 'opening', stop: 'stopped', logout: 'stopped' },
  opening: {
    connect: 'ignore',
    qr: 'awaiting_scan',
    open: 'open',
    retry: 'backoff',
    halt: 'idle',
    stop: 'stopped',
    logout: 'stopped',
  },
  awaiting_scan: {
    connect: 'ignore',
    qr: 'awaiting_scan',
    open: 'open',
    retry: 'backoff',
    halt: 'idle',
    stop: 'stopped',
    logout: 'stopped',
  },
  open: { connect: 'ignore', retry: 'backoff', halt: 'idle', stop: 'stopped', logout: 'stopped' },
  backoff: { connect: 'opening', stop: 'stopped', logout: 'stopped' },
  stopped: { stop: 'stopped', logout: 'stopped' },
};

export type RefusedTransition = (state: SessionState, event: SessionEvent) => void;

/** Holds a session's state and moves it only along SESSION_TRANSITIONS. */
export class SessionLifecycle {
  private current: SessionState = 'idle';

  constructor(private readonly onRefused: RefusedTransition) {}

  get state(): SessionState {
    return this.current;
  }

  /** Applies `event`: true when the state moved (or re-entered itself), false when ignored or refused. */
  fire(event: SessionEvent): boolean {
    const outcome = SESSION_TRANSITIONS[this.current][event];
    if (outcome === 'ignore') return false;
    if (outcome === undefined) {
      this.onRefused(this.current, event);
      return false;
    }
    this.current = outcome;
    return true;
  }
}
