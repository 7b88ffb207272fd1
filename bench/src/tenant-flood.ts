import { shardOf } from '@wildcat/jobs';
import { Pool } from 'undici';
import { openLoop } from './lib/open-loop.js';
import { pool as inLanes, seedPairedAccounts, untilConnected } from './lib/seed.js';
import { textSendBody } from './lib/send-requests.js';
import { startBenchStack } from './lib/stack.js';
import { type LatencySummary, ratio, summarize } from './lib/stats.js';

export interface VictimPhase extends LatencySummary {
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
}

export interface TenantFlood {
  shards: number;
  flooders: number;
  floodSendsEach: number;
  victims: number;
  victimSendsEach: number;
  /** SEND_ACCOUNT_MAX_IN_FLIGHT of the worker (1000 = no per-account cap: the "before"). */
  maxInFlight: number;
  /** The flood's answers by status (202 accepted, 429 past the backlog limit). */
  floodStatuses: Record<string, number>;
  floodSeconds: number;
  quiet: VictimPhase;
  flooded: VictimPhase;
  p50Ratio: number;
  p99Ratio: number;
}

const SHARDS = 8;
const FLOODERS = 10;
const FLOOD_SENDS = 300;
/** Victim sends per second, spread over the victims (each sends `victimSends` in a phase). */
const VICTIM_RATE = 25;

/**
 * Issue 23: ten accounts each send 300 messages with wait=false at the default pacing (60 a
 * minute), and `victims` accounts on the same shards send wait=true. The same victims' latency
 * with no flood, measured first in the same run on the same stack, is the baseline. A victim sends
 * fewer messages than its own burst, so its own pacing never delays it.
 */
export async function tenantFlood(quick: boolean, maxInFlight = 4): Promise<TenantFlood> {
  const victimCount = quick ? 20 : 100;
  const victimSends = quick ? 1 : 2;
  const flooders = Array.from({ length: FLOODERS }, (_, i) => `flood${i}`);
  const floodShards = new Set(flooders.map((id) => shardOf(id, SHARDS)));
  const victims: string[] = [];
  for (let i = 0; victims.length < victimCount; i++)
    if (floodShards.has(shardOf(`victim${i}`, SHARDS))) victims.push(`victim${i}`);

  const bench = await startBenchStack(
    { gateways: 1, sessionWorkers: 0, webhookWorkers: 0 },
    {
      SHARDS: String(SHARDS),
      SEND_RATE_PER_MINUTE: '60',
      SEND_ACCOUNT_MAX_IN_FLIGHT: String(maxInFlight),
      SEND_WAIT_TIMEOUT_MS: '30000',
      RATE_LIMIT_MAX: '0',
    },
  );
  const http = new Pool(bench.api, { connections: 128 });
  try {
    const ids = [...flooders, ...victims];
    await seedPairedAccounts(bench.stack.mongo.url, bench.redis, ids);
    await bench.stack.addSessionWorker();
    await untilConnected(bench.redis, ids, 120_000);

    const send = async (id: string, i: number, wait: boolean) => {
      const started = performance.now();
      const response = await http.request({
        method: 'POST',
        path: `/accounts/${id}/message/send${wait ? '' : '?wait=false'}`,
        headers: bench.headers,
        body: textSendBody(i),
        headersTimeout: 60_000,
        bodyTimeout: 60_000,
      });
      await response.body.dump();
      return { status: response.statusCode, ms: performance.now() - started };
    };
    // Open loop: victim send i is due at i / VICTIM_RATE s whatever came before, and its latency
    // counts from then, so a stalled shard shows in every send it held up.
    const victimPhase = async (offset: number): Promise<VictimPhase> => {
      const statuses: Record<string, number> = {};
      const result = await openLoop(
        VICTIM_RATE,
        (victims.length * victimSends * 1000) / VICTIM_RATE,
        async (i) => {
          const { status } = await send(victims[i % victims.length] as string, offset + i, true);
          statuses[status] = (statuses[status] ?? 0) + 1;
          return true; // a 504 after the wait timeout is a latency too (the 30 s)
        },
      );
      return { ...summarize(result.latencies), statuses };
    };

    await victimPhase(0); // warm-up (JIT, pools, account caches), within each victim's burst
    const quiet = await victimPhase(1_000);
    const floodStatuses: Record<string, number> = {};
    const floodStarted = performance.now();
    await inLanes(flooders, flooders.length, async (id) => {
      for (let i = 0; i < FLOOD_SENDS; i++) {
        const { status } = await send(id, i, false);
        floodStatuses[status] = (floodStatuses[status] ?? 0) + 1;
      }
    });
    const floodSeconds = Math.round((performance.now() - floodStarted) / 100) / 10;
    const flooded = await victimPhase(2_000);
    return {
      shards: SHARDS,
      flooders: FLOODERS,
      floodSendsEach: FLOOD_SENDS,
      victims: victims.length,
      victimSendsEach: victimSends,
      maxInFlight,
      floodStatuses,
      floodSeconds,
      quiet,
      flooded,
      p50Ratio: ratio(flooded.p50, quiet.p50),
      p99Ratio: ratio(flooded.p99, quiet.p99),
    };
  } finally {
    await http.close();
    await bench.stop();
  }
}

if (process.argv[1]?.endsWith('tenant-flood.ts')) {
  // argv: [maxInFlight] — 1000 runs the flood without the per-account cap (the "before").
  console.log(JSON.stringify(await tenantFlood(false, Number(process.argv[2] ?? 4))));
  process.exit(0);
}
