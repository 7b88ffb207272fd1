import type { ChaosResult } from './run-chaos.js';

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ') || 'none';
const sample = (items: readonly string[]) =>
  items.length === 0 ? '' : ` [${items.slice(0, 10).join(', ')}${items.length > 10 ? ', …' : ''}]`;

/** What the run did wrong, each a sentence; empty when it lost and duplicated nothing. */
export function failures(result: ChaosResult): string[] {
  const found: string[] = [];
  const { sends, inbound, webhooks } = result;
  if (sends.lost.length) found.push(`${sends.lost.length} accepted sends lost${sample(sends.lost)}`);
  if (sends.duplicated.length)
    found.push(
      `${sends.duplicated.length} sends stored twice (by idempotency key)${sample(sends.duplicated)}`,
    );
  if (sends.wrongId.length)
    found.push(
      `${sends.wrongId.length} sends stored under another id than the 2xx named${sample(sends.wrongId)}`,
    );
  if (inbound.lost.length) found.push(`${inbound.lost.length} inbound messages lost${sample(inbound.lost)}`);
  if (inbound.duplicated.length)
    found.push(`${inbound.duplicated.length} inbound messages stored twice${sample(inbound.duplicated)}`);
  if (webhooks.lost.length)
    found.push(`${webhooks.lost.length} webhook events never delivered${sample(webhooks.lost)}`);
  if (webhooks.splitEvents.length)
    found.push(
      `${webhooks.splitEvents.length} messages delivered under two event ids${sample(webhooks.splitEvents)}`,
    );
  if (webhooks.unstored.length)
    found.push(
      `${webhooks.unstored.length} webhook events for messages not stored${sample(webhooks.unstored)}`,
    );
  if (result.unrecovered.length)
    found.push(
      `${result.unrecovered.length} faults after which the system did not serve again within 180 s: ${result.unrecovered
        .map((fault) => `${fault.action} ${fault.target} at ${seconds(fault.at)}`)
        .join('; ')}`,
    );
  return found;
}

/** The closing report: the numbers the reliability page quotes. */
export function formatReport(result: ChaosResult): string {
  const { sends, inbound, webhooks, faults } = result;
  const byTarget: Record<string, number> = {};
  for (const fault of faults) byTarget[fault.target] = (byTarget[fault.target] ?? 0) + 1;
  const kills = faults.filter((fault) => fault.action === 'kill -9').length;
  const recoveries = faults.flatMap((fault) => (fault.recoveryMs === undefined ? [] : [fault]));
  const slowest = recoveries.reduce<(typeof recoveries)[number] | undefined>(
    (max, fault) => (max && (max.recoveryMs ?? 0) >= (fault.recoveryMs ?? 0) ? max : fault),
    undefined,
  );
  const sorted = recoveries.map((fault) => fault.recoveryMs ?? 0).sort((a, b) => a - b);
  const median = sorted.length ? (sorted[Math.floor(sorted.length / 2)] ?? 0) : 0;
  const found = failures(result);
  const { options } = result;
  return [
    `chaos soak: seed ${options.seed}, ${options.minutes} min of faults; 2 gateways, ${options.sessionWorkers} session workers, 1 webhook worker, redis-server (AOF, appendfsync always), devdb; ${options.accounts} sandbox accounts`,
    `faults:     ${faults.length} (kill -9 and restart: ${kills}, SIGSTOP/SIGCONT: ${faults.length - kills}) — ${counts(byTarget)}`,
    `sends:      ${sends.accepted} accepted (${counts(sends.acceptedBy)}), ${sends.delivered} delivered exactly once, ${sends.lost.length} lost, ${sends.duplicated.length} duplicated; not accepted: ${counts(sends.refused)} refused, ${sends.gaveUp} given up; retried attempts: ${counts(sends.retriedBy)}`,
    `inbound:    ${inbound.injected} received by the network, ${inbound.stored} stored exactly once, ${inbound.lost.length} lost, ${inbound.duplicated.length} duplicated (${result.inboundRetries} injections retried)`,
    `webhooks:   ${webhooks.expected} events for stored messages, ${webhooks.delivered} delivered (after dedup by event id), ${webhooks.lost.length} lost, ${webhooks.splitEvents.length} under two event ids, ${webhooks.redeliveries} redeliveries; receiver: ${result.receiver.requests} requests, ${result.receiver.failed} answered 500, ${result.receiver.stalled} stalled past the worker's timeout`,
    `recovery:   max ${slowest ? `${seconds(slowest.recoveryMs ?? 0)} (${slowest.action} ${slowest.target}, down ${seconds(slowest.downMs)})` : '-'}, median ${seconds(median)}; ${result.unrecovered.length} not recovered within 180 s`,
    `drain:      ${result.drained ? 'everything arrived' : 'still missing'} ${seconds(result.drainMs)} after the faults stopped (limit ${seconds(options.drainLimitMs)})`,
    `exits:      ${result.unplannedExits.length} processes exited by themselves${sample(result.unplannedExits)}`,
    found.length ? `FAIL: ${found.join('; ')}` : 'PASS: nothing lost, nothing duplicated',
  ].join('\n');
}
