import { shardOf } from '@wildcat/jobs';
import { waitFor } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { createAndPairAll } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { allMessages } from '../support/messages.js';
import { inLanes } from '../support/sends.js';

const SHARDS = 2;
const FLOOD = 300;
const BACKLOG_LIMIT = 250;
const QUIET_ACCOUNTS = 5;
/** Before and during the flood, within a quiet account's own burst (60 a minute: 10 at once), so its bucket never paces it. */
const BASELINE_SENDS = 3;
const SENDS_PER_QUIET_ACCOUNT = 6;
/**
 * The issue asks a p99 under 100 ms on the sandbox; an idle box measures ~20 ms (see the report
 * in the commit). On a 2-core CI machine shared with other suites and running five tsx
 * processes, one slow turn of any of them shows in a 30-sample p99, so the bound here is what
 * separates fair from starved (before: 504 after the send timeout) with room for that noise.
 */
const QUIET_P99_BOUND_MS = 2_500;
const to = (i: number) => `1999${String(i).padStart(7, '0')}@s.whatsapp.net`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

// One account floods its shard with paced sends; every other account of that shard must still be
// answered at once, and the flood's backlog past the limit is refused with 429 up front.
describe('one tenant cannot starve its shard', () => {
  const e2e = useE2eStack(
    {
      SHARDS: String(SHARDS),
      SEND_RATE_PER_MINUTE: '60',
      SEND_ACCOUNT_MAX_BACKLOG: String(BACKLOG_LIMIT),
      SEND_WAIT_TIMEOUT_MS: '10000',
    },
    { gateways: 1, sessionWorkers: 1, webhookWorkers: 0 },
  );

  it('keeps quiet accounts fast while one account floods the same shard', async () => {
    const { api } = e2e();
    const flooder = 'flooder';
    const shard = shardOf(flooder, SHARDS);
    const quiet: string[] = [];
    for (let i = 0; quiet.length < QUIET_ACCOUNTS; i++)
      if (shardOf(`quiet${i}`, SHARDS) === shard) quiet.push(`quiet${i}`);
    await createAndPairAll(api, [flooder, ...quiet]);
    for (const id of quiet) {
      const warm = await api.call('POST', `/accounts/${id}/message/send`, {
        body: { to: to(0), message: 'warm-up' },
      });
      expectStatus(warm, 200, `warm-up send of ${id}`);
    }
    const quietSends = async (count: number) => {
      const latencies: number[] = [];
      const statuses: Record<number, number> = {};
      await inLanes(quiet, quiet.length, async (id) => {
        for (let i = 0; i < count; i++) {
          const response = await api.call('POST', `/accounts/${id}/message/send`, {
            body: { to: to(100 + i), message: `quiet ${i}` },
          });
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          latencies.push(response.ms);
        }
      });
      return { latencies, statuses };
    };
    const baseline = await quietSends(BASELINE_SENDS);
    expect(baseline.statuses).toEqual({ 200: QUIET_ACCOUNTS * BASELINE_SENDS });

    // The flood, in order, as one careless integration sends it.
    const accepted: string[] = [];
    const refused: Array<{ retryAfter: string | null; json: Record<string, unknown> }> = [];
    for (let i = 0; i < FLOOD; i++) {
      const response = await api.call('POST', `/accounts/${flooder}/message/send?wait=false`, {
        body: { to: to(i % 50), message: `flood ${i}` },
      });
      if (response.status === 202) accepted.push(String(response.json.messageId));
      else if (response.status === 429)
        refused.push({ retryAfter: response.headers.get('retry-after'), json: response.json });
      else throw new Error(`flood send ${i}: HTTP ${response.status} ${JSON.stringify(response.json)}`);
    }

    // Every quiet account of the same shard sends while the flood waits for its rate tokens.
    const { latencies, statuses } = await quietSends(SENDS_PER_QUIET_ACCOUNT);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `quiet sends before the flood: ${baseline.latencies.length}, p50 ${percentile(baseline.latencies, 50)} ms, ` +
        `p99 ${percentile(baseline.latencies, 99)} ms; flood: ${accepted.length} accepted, ${refused.length} refused; ` +
        `quiet sends during it on the same shard: ${latencies.length}, p50 ${p50} ms, p99 ${p99} ms, ` +
        `max ${Math.max(...latencies)} ms, statuses ${JSON.stringify(statuses)}`,
    );
    expect(statuses).toEqual({ 200: QUIET_ACCOUNTS * SENDS_PER_QUIET_ACCOUNT });
    expect(p99).toBeLessThan(QUIET_P99_BOUND_MS);

    // Past the backlog limit the gateway refused up front, saying how long to wait and how deep it
    // is; the first sends of the flood went out (its burst) while it was sent, making room.
    expect(accepted.length).toBeGreaterThanOrEqual(BACKLOG_LIMIT);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length + refused.length).toBe(FLOOD);
    for (const refusal of refused) {
      expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
      expect(refusal.json).toMatchObject({ ok: false, backlog: BACKLOG_LIMIT });
    }

    // The flood still goes out at its pace and in the order it was accepted.
    const sentFlood = await waitFor(
      async () => {
        const messages = await allMessages(api, flooder);
        const sent = messages.filter((message) => message.fromMe && message.status !== 'queued');
        return sent.length >= 12 ? messages : undefined;
      },
      { what: 'a dozen flood messages sent', timeoutMs: 60_000, intervalMs: 500 },
    );
    const sentIds = new Set(
      sentFlood.filter((message) => message.status !== 'queued').map((message) => message.messageId),
    );
    expect(accepted.slice(0, sentIds.size).every((id) => sentIds.has(id))).toBe(true);
  });
});
