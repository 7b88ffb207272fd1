import { waitFor } from '@wildcat/testkit';
import { expect } from 'vitest';
import type { PairedAccount } from './accounts.js';
import type { Api } from './api.js';
import { chatMessages, repeated } from './messages.js';
import { type SendOptions, type SendRecord, sendText, statusCounts } from './sends.js';

export type Pair = readonly [from: PairedAccount, to: PairedAccount];

export interface Traffic {
  readonly records: SendRecord[];
  /** 2xx answers so far. */
  answered(): number;
  /** Stops after the sends in flight got their final answer; resolves every record. */
  stop(): Promise<SendRecord[]>;
}

/**
 * One sequential sender per pair, each message with its own Idempotency-Key and retried with it
 * after a transient answer, until stopped: the steady load a client puts on the API.
 */
export function startTraffic(
  api: Api,
  pairs: readonly Pair[],
  prefix: string,
  options: SendOptions | ((lane: number) => SendOptions) = {},
): Traffic {
  const records: SendRecord[] = [];
  let stopped = false;
  let answered = 0;
  const lanes = pairs.map(async ([from, to], lane) => {
    const laneOptions = typeof options === 'function' ? options(lane) : options;
    for (let n = 0; !stopped; n++) {
      const record = await sendText(
        api,
        from.id,
        to.jid,
        `${prefix} ${from.id}→${to.id} #${n}`,
        `${prefix}-${from.id}-${n}`,
        {
          deadlineMs: 120_000,
          ...laneOptions,
        },
      );
      records.push(record);
      if (record.messageId) answered++;
    }
  });
  return {
    records,
    answered: () => answered,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return records;
    },
  };
}

/**
 * Every send got a 2xx, and each recipient's chat with its sender holds exactly those messages:
 * none lost, none twice, nothing else.
 */
export async function expectExactlyOnce(api: Api, pairs: readonly Pair[], records: readonly SendRecord[]) {
  const counts = statusCounts(records);
  expect(
    records.filter((record) => !record.messageId),
    `sends without a 2xx (statuses ${JSON.stringify(counts)})`,
  ).toEqual([]);
  for (const [from, to] of pairs) {
    const expected = records
      .filter((record) => record.accountId === from.id)
      .map((record) => record.messageId as string)
      .sort();
    const received = await waitFor(
      async () => {
        const inbound = (await chatMessages(api, to.id, from.jid)).filter((message) => !message.fromMe);
        return inbound.length >= expected.length ? inbound : undefined;
      },
      { what: `${expected.length} messages from ${from.id} at ${to.id}`, timeoutMs: 90_000, intervalMs: 500 },
    ).catch(async (error: Error) => {
      // Say which messages are missing and what the sender's side knows about them.
      const got = new Set((await chatMessages(api, to.id, from.jid)).map((message) => message.messageId));
      const missing = expected.filter((id) => !got.has(id));
      const seen = await Promise.all(
        missing.map(async (id) => {
          const record = records.find((candidate) => candidate.messageId === id);
          const answer = await api.call('GET', `/accounts/${from.id}/messages/${id}`);
          return { id, attempts: record?.attempts, atSender: answer.status, message: answer.json?.message };
        }),
      );
      throw new Error(`${error.message}; missing ${missing.length}: ${JSON.stringify(seen)}`);
    });
    const ids = received.map((message) => message.messageId);
    expect(repeated(ids), `duplicates at ${to.id}`).toEqual([]);
    expect(ids.sort(), `messages from ${from.id} at ${to.id}`).toEqual(expected);
  }
  return counts;
}
