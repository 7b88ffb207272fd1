import autocannon from 'autocannon';
import { spawnScript } from './lib/child.js';
import { processCpuMs } from './lib/process-cpu.js';
import { startBenchStack, UNDRAINED_SENDS_ENV } from './lib/stack.js';
import { percentile, ratio, round } from './lib/stats.js';

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time of the server process per answered request, µs (send routes only). */
  cpuUsPerRequest?: number;
  /** p99 of each interleaved segment, ms (send routes only; `p99` is their median). */
  segmentP99s?: number[];
}

export interface GatewayOverhead {
  connections: number;
  durationSec: number;
  ping: { gateway: LoadResult; bareHello: LoadResult; ratio: number };
  send: {
    gateway: LoadResult;
    plainQueueAdd: LoadResult;
    /** Interleaved segments per route and their length. */
    segments: number;
    segmentSec: number;
    ratio: number;
    /** Plain route's CPU per request over the gateway's (above 1: the gateway costs less). */
    cpuRatio: number;
    goalMet: boolean;
  };
}

const SEND_BODY = JSON.stringify({ to: '19990000001@s.whatsapp.net', message: 'bench' });

async function load(
  url: string,
  durationSec: number,
  connections: number,
  request: Partial<autocannon.Options> = {},
): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: durationSec, ...request });
  return {
    reqPerSec: round(result.requests.average, 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Warm-up (JIT, connection pools), then the measured run. */
async function measure(
  url: string,
  quick: boolean,
  connections: number,
  request: Partial<autocannon.Options> = {},
) {
  await load(url, quick ? 1 : 2, connections, request);
  return load(url, quick ? 1 : 5, connections, request);
}

interface SendTarget {
  url: string;
  pid: number | undefined;
}

/**
 * The plain route and the gateway's send in alternating short segments (the first one swapping
 * each round), so a load swing on this shared box hits both alike; requests, CPU of each server
 * process and the segments' p99s are summed over the segments.
 */
async function interleavedSends(
  plain: SendTarget,
  gateway: SendTarget,
  request: Partial<autocannon.Options>,
  quick: boolean,
  connections: number,
) {
  const segments = quick ? 1 : 4;
  const segmentSec = quick ? 1 : 2;
  for (const target of [plain, gateway]) await load(target.url, quick ? 1 : 2, connections, request);
  const runs = new Map<SendTarget, { results: LoadResult[]; cpuMs: number }>([
    [plain, { results: [], cpuMs: 0 }],
    [gateway, { results: [], cpuMs: 0 }],
  ]);
  for (let round = 0; round < segments; round++) {
    for (const target of round % 2 === 0 ? [plain, gateway] : [gateway, plain]) {
      const run = runs.get(target)!;
      const before = target.pid ? processCpuMs(target.pid) : 0;
      run.results.push(await load(target.url, segmentSec, connections, request));
      run.cpuMs += target.pid ? processCpuMs(target.pid) - before : Number.NaN;
    }
  }
  const summed = (target: SendTarget): LoadResult => {
    const { results, cpuMs } = runs.get(target)!;
    const sum = (pick: (result: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
    const p99s = results.map((result) => result.p99).sort((a, b) => a - b);
    const requests = sum((result) => result.reqPerSec * segmentSec);
    return {
      reqPerSec: round(requests / (segments * segmentSec), 0),
      p50: percentile(
        results.map((result) => result.p50).sort((a, b) => a - b),
        0.5,
      ),
      p99: percentile(p99s, 0.5),
      non2xx: sum((result) => result.non2xx),
      errors: sum((result) => result.errors),
      cpuUsPerRequest: round((cpuMs * 1000) / requests, 1),
      segmentP99s: p99s,
    };
  };
  return { plainQueueAdd: summed(plain), gateway: summed(gateway), segments, segmentSec };
}

/**
 * Item 1: the gateway's /ping and `POST /message/send?wait=false` against bare Fastify baselines
 * (a hello route; zod + one plain queue.add) on the same private Redis, each server in its own
 * process, autocannon in this one. Baselines and gateway alternate so load drifts hit both.
 */
export async function gatewayOverhead(quick: boolean): Promise<GatewayOverhead> {
  const connections = quick ? 10 : 50;
  // Sessions are not needed for wait=false: no session worker, jobs stay queued.
  const bench = await startBenchStack(
    { gateways: 1, sessionWorkers: 0, webhookWorkers: 0 },
    UNDRAINED_SENDS_ENV,
  );
  const baseline = spawnScript('servers/baseline-server.ts', [], {
    REDIS_URL: bench.redisServer.url,
    SHARDS: '32',
  });
  try {
    const { url: plain } = await baseline.next<{ url: string }>();
    const created = await fetch(`${bench.api}/accounts`, {
      method: 'POST',
      headers: bench.headers,
      body: JSON.stringify({ id: 'bench' }),
    });
    if (!created.ok) throw new Error(`create account: ${created.status}`);
    const send = { method: 'POST' as const, body: SEND_BODY, headers: bench.headers };
    const bareHello = await measure(`${plain}/hello`, quick, connections);
    const gatewayPing = await measure(`${bench.api}/ping`, quick, connections, { headers: bench.headers });
    const {
      gateway: gatewaySend,
      plainQueueAdd,
      segments,
      segmentSec,
    } = await interleavedSends(
      { url: `${plain}/accounts/bench/message/send`, pid: baseline.proc.pid },
      {
        url: `${bench.api}/accounts/bench/message/send?wait=false`,
        pid: bench.stack.gateways[0]?.process.pid,
      },
      send,
      quick,
      connections,
    );
    const sendRatio = ratio(gatewaySend.reqPerSec, plainQueueAdd.reqPerSec);
    return {
      connections,
      durationSec: quick ? 1 : 5,
      ping: { gateway: gatewayPing, bareHello, ratio: ratio(gatewayPing.reqPerSec, bareHello.reqPerSec) },
      send: {
        gateway: gatewaySend,
        plainQueueAdd,
        segments,
        segmentSec,
        ratio: sendRatio,
        cpuRatio: ratio(plainQueueAdd.cpuUsPerRequest ?? 0, gatewaySend.cpuUsPerRequest ?? 0),
        goalMet: sendRatio >= 1.5 && gatewaySend.p99 <= 10 && gatewaySend.non2xx === 0,
      },
    };
  } finally {
    baseline.kill();
    await bench.stop();
  }
}
