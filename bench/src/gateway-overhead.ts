import autocannon from 'autocannon';
import { spawnScript } from './lib/child.js';
import { startBenchStack, UNDRAINED_SENDS_ENV } from './lib/stack.js';
import { ratio, round } from './lib/stats.js';

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface GatewayOverhead {
  connections: number;
  durationSec: number;
  ping: { gateway: LoadResult; bareHello: LoadResult; ratio: number };
  send: { gateway: LoadResult; plainQueueAdd: LoadResult; ratio: number; goalMet: boolean };
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
    const plainQueueAdd = await measure(`${plain}/accounts/bench/message/send`, quick, connections, send);
    const gatewaySend = await measure(
      `${bench.api}/accounts/bench/message/send?wait=false`,
      quick,
      connections,
      send,
    );
    const sendRatio = ratio(gatewaySend.reqPerSec, plainQueueAdd.reqPerSec);
    return {
      connections,
      durationSec: quick ? 1 : 5,
      ping: { gateway: gatewayPing, bareHello, ratio: ratio(gatewayPing.reqPerSec, bareHello.reqPerSec) },
      send: {
        gateway: gatewaySend,
        plainQueueAdd,
        ratio: sendRatio,
        goalMet: sendRatio >= 1.5 && gatewaySend.p99 <= 10 && gatewaySend.non2xx === 0,
      },
    };
  } finally {
    baseline.kill();
    await bench.stop();
  }
}
