import { type GatewayOverhead, gatewayOverhead } from './gateway-overhead.js';
import { type InboundWebhook, inboundWebhook, WEBHOOK_CONCURRENCY } from './inbound-webhook.js';
import { loadAverageNow, type MachineInfo, machineInfo } from './lib/machine.js';
import { seedPairedAccounts, untilConnected } from './lib/seed.js';
import { startBenchStack } from './lib/stack.js';
import { type ScaleFailover, scaleFailover } from './scale-failover.js';
import { type ScaleOut, scaleOut } from './scale-out.js';
import { type SendLatency, sendLatency } from './send-latency.js';
import { type SessionMemory, sessionMemory } from './session-memory.js';
import { type TenantFlood, tenantFlood } from './tenant-flood.js';

export interface BenchReport {
  quick: boolean;
  command: string;
  startedAt: string;
  machine: MachineInfo;
  loadAverageAtEnd: string;
  totalSeconds: number;
  gateway?: GatewayOverhead;
  send?: SendLatency;
  webhook?: InboundWebhook;
  memory?: SessionMemory;
  scale?: ScaleFailover;
  flood?: TenantFlood;
  scaleOut?: ScaleOut;
  errors: Record<string, string>;
}

export interface RunOptions {
  quick: boolean;
  only?: string[];
  scaleAccounts?: number;
  command: string;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Runs each benchmark in turn; one that fails is reported as an error and the others still run. */
export async function runAll(options: RunOptions): Promise<BenchReport> {
  const { quick } = options;
  const wanted = (name: string) => !options.only || options.only.includes(name);
  const started = Date.now();
  const report: BenchReport = {
    quick,
    command: options.command,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    loadAverageAtEnd: '',
    totalSeconds: 0,
    errors: {},
  };
  async function step<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
    if (!wanted(name)) return undefined;
    log(`${name}… (load ${loadAverageNow()})`);
    const t0 = Date.now();
    try {
      const result = await run();
      log(`${name} done in ${Math.round((Date.now() - t0) / 1000)} s`);
      return result;
    } catch (error) {
      log(`${name} failed: ${(error as Error).stack}`);
      report.errors[name] = (error as Error).message;
      return undefined;
    }
  }

  report.gateway = await step('gateway', () => gatewayOverhead(quick));
  if (wanted('send') || wanted('webhook')) {
    const bench = await startBenchStack(
      { gateways: 1, sessionWorkers: 0, webhookWorkers: 1 },
      {
        RATE_LIMIT_MAX: '0',
        WEBHOOK_CONCURRENCY: String(WEBHOOK_CONCURRENCY),
        WEBHOOK_ENDPOINT_CONCURRENCY: String(WEBHOOK_CONCURRENCY),
      },
    );
    try {
      const ids = Array.from({ length: quick ? 10 : 100 }, (_, i) => `acct${i}`);
      await seedPairedAccounts(bench.stack.mongo.url, bench.redis, ids);
      await bench.stack.addSessionWorker();
      await untilConnected(bench.redis, ids, 120_000);
      report.send = await step('send', () => sendLatency(bench, ids, quick));
      report.webhook = await step('webhook', () => inboundWebhook(bench, ids, quick));
    } finally {
      await bench.stop();
    }
  }
  report.memory = await step('memory', () => sessionMemory(quick));
  report.scale = await step('scale', () =>
    scaleFailover(quick, options.scaleAccounts ?? (quick ? 40 : 10_000)),
  );
  report.flood = await step('flood', () => tenantFlood(quick));
  report.scaleOut = await step('scaleout', () => scaleOut(quick));
  report.loadAverageAtEnd = loadAverageNow();
  report.totalSeconds = Math.round((Date.now() - started) / 1000);
  return report;
}
