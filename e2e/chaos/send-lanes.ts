import { setTimeout as sleep } from 'node:timers/promises';
import type { PairedAccount } from '../support/accounts.js';
import type { Api } from '../support/api.js';
import { type SendRecord, sendText } from '../support/sends.js';
import type { Prng } from './prng.js';

/** A client keeps retrying one message this long (same Idempotency-Key) before it gives up. */
const CLIENT_DEADLINE_MS = 300_000;
/** A pause between one lane's sends: a steady load a 2-core machine carries with faults on top. */
const THINK_MS: readonly [number, number] = [300, 700];

export interface SendLane {
  from: PairedAccount;
  to: PairedAccount;
  /** When the attempt of its last accepted send started: the lane works again after a fault. */
  lastAcceptedAttemptAt: number;
}

export interface SendTraffic {
  lanes: SendLane[];
  records: SendRecord[];
  /** Sends with a final answer so far, and how many of them were accepted (2xx). */
  finished(): number;
  accepted(): number;
  /** Stops after every send in flight got its final answer (or the client gave up). */
  stop(): Promise<void>;
}

/** The text a send carries: its idempotency key, so a copy stored twice is found by key. */
export function sendTextFor(key: string): string {
  return `chaos ${key}`;
}

/**
 * One sequential client per (from, to) lane, as a careful client sends: every message with its own
 * Idempotency-Key, retried with it after a network error or 5xx; half wait for the send (200), half
 * are queued (202).
 */
export function startSendTraffic(
  api: Api,
  pairs: ReadonlyArray<readonly [PairedAccount, PairedAccount]>,
  random: Prng,
  seed: number,
): SendTraffic {
  const records: SendRecord[] = [];
  const lanes: SendLane[] = pairs.map(([from, to]) => ({ from, to, lastAcceptedAttemptAt: 0 }));
  let stopped = false;
  let accepted = 0;
  const running = lanes.map(async (lane, index) => {
    for (let n = 0; !stopped; n++) {
      const key = `chaos-${seed}-${index}-${n}`;
      const record = await sendText(api, lane.from.id, lane.to.jid, sendTextFor(key), key, {
        noWait: random.chance(0.5),
        deadlineMs: CLIENT_DEADLINE_MS,
      });
      records.push(record);
      const last = record.attempts.at(-1);
      if (record.messageId && last) {
        accepted++;
        lane.lastAcceptedAttemptAt = Date.now() - last.ms;
      }
      await sleep(random.int(...THINK_MS));
    }
  });
  return {
    lanes,
    records,
    finished: () => records.length,
    accepted: () => accepted,
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}
