import { describe, expect, it } from 'vitest';
import { type SessionEvent, SessionLifecycle, type SessionState } from '../src/sessions/session-lifecycle.js';

const STATES: SessionState[] = ['idle', 'queued', 'opening', 'awaiting_scan', 'open', 'backoff', 'stopped'];
const EVENTS: SessionEvent[] = ['expect', 'connect', 'qr', 'open', 'retry', 'halt', 'stop', 'logout'];

/** Written out independently of the table in the source: what each state may do next. */
const LEGAL: Record<string, SessionState | 'ignore'> = {
  'idle/expect': 'queued',
  'idle/connect': 'opening',
  'queued/connect': 'opening',
  'opening/connect': 'ignore',
  'opening/qr': 'awaiting_scan',
  'opening/open': 'open',
  'opening/retry': 'backoff',
  'opening/halt': 'idle',
  'awaiting_scan/connect': 'ignore',
  'awaiting_scan/qr': 'awaiting_scan',
  'awaiting_scan/open': 'open',
  'awaiting_scan/retry': 'backoff',
  'awaiting_scan/halt': 'idle',
  'open/connect': 'ignore',
  'open/retry': 'backoff',
  'open/halt': 'idle',
  'backoff/connect': 'opening',
};
for (const state of STATES) {
  LEGAL[`${state}/stop`] = 'stopped';
  LEGAL[`${state}/logout`] = 'stopped';
}

/** A lifecycle walked into `state` along legal transitions, recording refusals. */
function lifecycleIn(state: SessionState) {
  const refused: Array<[SessionState, SessionEvent]> = [];
  const lifecycle = new SessionLifecycle((from, event) => refused.push([from, event]));
  const path: Record<SessionState, SessionEvent[]> = {
    idle: [],
    queued: ['expect'],
    opening: ['connect'],
    awaiting_scan: ['connect', 'qr'],
    open: ['connect', 'open'],
    backoff: ['connect', 'retry'],
    stopped: ['stop'],
  };
  for (const event of path[state]) lifecycle.fire(event);
  expect(lifecycle.state).toBe(state);
  return { lifecycle, refused };
}

describe('session lifecycle transition table', () => {
  it('starts idle', () => {
    expect(new SessionLifecycle(() => {}).state).toBe('idle');
  });

  for (const state of STATES)
    for (const event of EVENTS) {
      const expected = LEGAL[`${state}/${event}`];
      const what =
        expected === undefined
          ? 'is refused and reported'
          : expected === 'ignore'
            ? 'is ignored'
            : `→ ${expected}`;
      it(`${state} + ${event} ${what}`, () => {
        const { lifecycle, refused } = lifecycleIn(state);
        const moved = lifecycle.fire(event);
        if (expected === undefined) {
          expect(moved).toBe(false);
          expect(lifecycle.state).toBe(state);
          expect(refused).toEqual([[state, event]]);
        } else if (expected === 'ignore') {
          expect(moved).toBe(false);
          expect(lifecycle.state).toBe(state);
          expect(refused).toEqual([]);
        } else {
          expect(moved).toBe(true);
          expect(lifecycle.state).toBe(expected);
          expect(refused).toEqual([]);
        }
      });
    }
});
