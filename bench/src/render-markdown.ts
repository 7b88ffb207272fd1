import type { BenchReport } from './run-benches.js';
import { renderScaleOut } from './scale-out-markdown.js';
import { renderFlood } from './tenant-flood-markdown.js';

const yes = (met: boolean) => (met ? '**met**' : '**not met**');
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

/** The generated section of RESULTS.md: machine, command, then one table per item with its baseline. */
export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [
    `## Run of ${r.startedAt}${r.quick ? ' (quick mode: smoke numbers, not results)' : ''}`,
    '',
    `- Command: \`${r.command}\` (${r.totalSeconds} s in all)`,
    `- Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpuModel}, ${m.memoryGiB} GiB RAM; Node ${m.node}`,
    `- Load average at start: ${m.loadAverage}; at end: ${r.loadAverageAtEnd} (a shared box: read the ratios, which compare against a baseline run in the same script minutes apart)`,
    '',
  ];
  const g = r.gateway;
  if (g) {
    out.push(
      `### 1. Gateway overhead (autocannon, ${g.connections} connections, ${g.durationSec} s after a warm-up)`,
      '',
      row(['Route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'vs baseline']),
      row(['---', '---:', '---:', '---:', '---:', '---:']),
      row([
        'bare Fastify `GET /hello` (baseline)',
        g.ping.bareHello.reqPerSec,
        g.ping.bareHello.p50,
        g.ping.bareHello.p99,
        g.ping.bareHello.non2xx,
        '1×',
      ]),
      row([
        'gateway `GET /ping`',
        g.ping.gateway.reqPerSec,
        g.ping.gateway.p50,
        g.ping.gateway.p99,
        g.ping.gateway.non2xx,
        `${g.ping.ratio}×`,
      ]),
      '',
      `Send: the plain route and the gateway alternate in ${g.send.segments} segments of ${g.send.segmentSec} s each (p99 = median of the segments' p99s, all listed; CPU = the server process's CPU time per request, from /proc).`,
      '',
      row(['Route', 'req/s', 'p50 ms', 'p99 ms', 'segment p99s ms', 'non-2xx', 'CPU µs/req', 'vs baseline']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...[
        ['bare Fastify + zod + one `queue.add` (baseline)', g.send.plainQueueAdd, '1×'] as const,
        [
          'gateway `POST /accounts/:id/message/send?wait=false`',
          g.send.gateway,
          `${g.send.ratio}× (CPU per request ${g.send.cpuRatio}×)`,
        ] as const,
      ].map(([name, load, versus]) =>
        row([
          name,
          load.reqPerSec,
          load.p50,
          load.p99,
          (load.segmentP99s ?? []).join(' / '),
          load.non2xx,
          load.cpuUsPerRequest ?? '',
          versus,
        ]),
      ),
      '',
      `Goal ≥ 1.5× the plain baseline with p99 ≤ 10 ms: ${yes(g.send.goalMet)}.`,
      '',
    );
  }
  const s = r.send;
  if (s) {
    out.push(
      `### 2. End-to-end send latency, \`wait=true\`, sandbox engine (${s.accounts} accounts, open-loop, ${s.phaseSeconds} s per rate, latency from each request's scheduled time)`,
      '',
      row(['Offered msg/s', 'achieved', 'failed', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms']),
      row(['---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...s.phases.map((p) =>
        p.count === 0
          ? row([p.offered, 'skipped: the previous rate saturated', '', '', '', '', ''])
          : row([p.offered, p.achieved, p.failed, p.p50, p.p99, p.p999, p.max]),
      ),
      row([
        'baseline: plain BullMQ add→completed at 500/s',
        '',
        '',
        s.plainBullmq500.p50,
        s.plainBullmq500.p99,
        s.plainBullmq500.p999,
        s.plainBullmq500.max,
      ]),
      '',
      `Highest offered rate with p99 < 50 ms: **${s.highestRateUnder50ms || 'none'}** msg/s.`,
      '',
      '### 3. Redis CPU per message at 500 msg/s (`INFO cpu`, used_cpu_sys + used_cpu_user)',
      '',
      row(['What', 'Redis CPU ms per message', 'vs baseline']),
      row(['---', '---:', '---:']),
      row(['plain BullMQ job at 500/s (baseline)', s.redisCpu.plainJobMs, '1×']),
      row(['WILDCAT send end to end (wait=true)', s.redisCpu.perSendMs, `${s.redisCpu.ratio}×`]),
      '',
      `Goal ≤ 0.35 ms per sent message: ${yes(s.redisCpu.goalMet)}.`,
      '',
    );
  }
  const w = r.webhook;
  if (w) {
    const t = w.throughput;
    out.push(
      '### 4. Inbound to webhook',
      '',
      `Latency, sandbox inbound message → receiver's request, ${w.latency.offered} msg/s open-loop: p50 ${w.latency.p50} ms, p99 ${w.latency.p99} ms, max ${w.latency.max} ms (${w.latency.count} messages).`,
      '',
      row([`Draining ${t.jobs} jobs, ${t.concurrency} in flight`, 'per second', 'webhook worker vs it']),
      row(['---', '---:', '---:']),
      row(['no-op BullMQ worker (baseline)', t.noopBullmqPerSec, `${t.ratioToNoop}×`]),
      row([
        'plain undici POST loop to the same receiver (context)',
        t.plainUndiciPerSec,
        `${t.ratioToUndici}×`,
      ]),
      row(['one webhook-worker process (events → fan-out → signed delivery)', t.webhookWorkerPerSec, '']),
      '',
      `Goal ≥ 0.5× the no-op worker: ${yes(t.goalMet)}.`,
      '',
    );
  }
  const mem = r.memory;
  if (mem) {
    out.push(
      `### 5. Memory per idle connected sandbox session (${mem.sessions} sessions in one worker, after GC)`,
      '',
      `Baseline (worker holding all 32 shards, no session): RSS ${mem.baseline.rssMiB} MiB, heap used ${mem.baseline.heapUsedMiB} MiB. With ${mem.sessions} sessions: RSS ${mem.after.rssMiB} MiB, heap ${mem.after.heapUsedMiB} MiB. Per session: **${mem.perSession.rssKiB} KiB RSS**, ${mem.perSession.heapUsedKiB} KiB heap (connected in ${mem.connectMs} ms). Goal ≤ 1 MiB RSS: ${yes(mem.goalMet)}.`,
      '',
    );
  }
  const sc = r.scale;
  if (sc) {
    out.push(
      `### 6. Scale and failover (${sc.accounts} sandbox accounts, ${sc.workers} session workers, 32 shards, LEASE_TTL_MS ${sc.leaseTtlMs})`,
      '',
      `Cold start (4 worker processes started, shards balanced, every account connected): **${(sc.coldStartConnectedMs / 1000).toFixed(1)} s** (seeding the accounts took ${(sc.seedMs / 1000).toFixed(1)} s, not counted). Accounts per worker: ${Object.entries(
        sc.perWorker,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
      '',
      `kill -9 of ${sc.killed.worker}, ${sc.killed.accounts} accounts: time until each is connected on another worker p50 **${(sc.failover.p50 / 1000).toFixed(1)} s**, p99 **${(sc.failover.p99 / 1000).toFixed(1)} s**, max ${(sc.failover.max / 1000).toFixed(1)} s (${sc.failover.count}/${sc.killed.accounts} back). Goal p99 ≤ 10 s: ${yes(sc.goalMet)}.`,
      '',
    );
  }
  if (r.flood) out.push(...renderFlood(r.flood));
  if (r.scaleOut) out.push(...renderScaleOut(r.scaleOut));
  for (const [name, message] of Object.entries(r.errors)) out.push(`**${name} failed:** ${message}`, '');
  return out.join('\n');
}
