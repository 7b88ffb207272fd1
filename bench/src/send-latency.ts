import { Pool } from 'undici';
import { spawnScript } from './lib/child.js';
import { openLoop } from './lib/open-loop.js';
import { redisCpuMs } from './lib/redis-cpu.js';
import { waitingSend } from './lib/send-requests.js';
import type { BenchStack } from './lib/stack.js';
import { type LatencySummary, ratio, round, summarize } from './lib/stats.js';

export interface RatePhase extends LatencySummary {
  offered: number;
  achieved: number;
  failed: number;
}

export interface SendLatency {
  accounts: number;
  phaseSeconds: number;
  phases: RatePhase[];
  /** Highest offered rate with p99 < 50 ms and nothing failed (0 when none). */
  highestRateUnder50ms: number;
  plainBullmq500: LatencySummary;
  redisCpu: { perSendMs: number; plainJobMs: number; ratio: number; goalMet: boolean };
}

const RATES = [100, 500, 1000];

/**
 * Items 2 and 3: `POST /message/send` with wait=true through the gateway and a session worker on
 * the sandbox engine, over `ids` (paired accounts), at constant offered rates; Redis CPU per send
 * at 500/s; and a plain BullMQ add→complete at 500/s on the same Redis as the baseline of both.
 * Recipients are numbers outside the sandbox, so a send is the send alone (no inbound side).
 */
export async function sendLatency(
  bench: BenchStack,
  ids: readonly string[],
  quick: boolean,
): Promise<SendLatency> {
  const phaseMs = quick ? 1_000 : 8_000;
  const pool = new Pool(bench.api, { connections: 256 });
  const fire = waitingSend(pool, bench.headers, ids);
  try {
    await openLoop(100, quick ? 500 : 3_000, fire); // warm-up: JIT, pools, account caches
    const phases: RatePhase[] = [];
    let cpuPerSend = Number.NaN;
    for (const rate of RATES) {
      // Past 500/s (the Redis CPU rate), a rate the system could not keep up with saturates every
      // higher one: do not queue minutes of backlog.
      const saturated = phases.some((phase) => phase.count > 0 && phase.achieved < phase.offered * 0.5);
      if (rate > 500 && saturated) {
        phases.push({
          offered: rate,
          achieved: Number.NaN,
          failed: 0,
          count: 0,
          p50: Number.NaN,
          p99: Number.NaN,
          p999: Number.NaN,
          max: Number.NaN,
        });
        continue;
      }
      const cpuBefore = await redisCpuMs(bench.redis);
      const result = await openLoop(rate, phaseMs, fire);
      const cpuAfter = await redisCpuMs(bench.redis);
      if (rate === 500) cpuPerSend = (cpuAfter - cpuBefore) / Math.max(1, result.latencies.length);
      phases.push({
        offered: rate,
        achieved: round(result.achievedRate, 0),
        failed: result.failed,
        ...summarize(result.latencies),
      });
      await new Promise((done) => setTimeout(done, 1_000)); // let a backlog drain between rates
    }
    const plain = spawnScript('servers/plain-bullmq.ts', [bench.redisServer.url, '500', String(phaseMs)]);
    await plain.next();
    const cpuBefore = await redisCpuMs(bench.redis);
    plain.send('go');
    const plainResult = await plain.next<LatencySummary & { failed: number }>();
    const plainCpu = (await redisCpuMs(bench.redis)) - cpuBefore;
    const plainJobMs = plainCpu / Math.max(1, plainResult.count);
    const passing = phases.filter((phase) => phase.p99 < 50 && phase.failed === 0);
    return {
      accounts: ids.length,
      phaseSeconds: phaseMs / 1000,
      phases,
      highestRateUnder50ms: Math.max(0, ...passing.map((phase) => phase.offered)),
      plainBullmq500: plainResult,
      redisCpu: {
        perSendMs: round(cpuPerSend, 3),
        plainJobMs: round(plainJobMs, 3),
        ratio: ratio(cpuPerSend, plainJobMs),
        goalMet: cpuPerSend <= 0.35,
      },
    };
  } finally {
    await pool.close();
  }
}
