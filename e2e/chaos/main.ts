import { randomInt } from 'node:crypto';
import { parseChaosArgs, USAGE } from './options.js';
import { failures, formatReport } from './report.js';
import { runChaos } from './run-chaos.js';

// `pnpm chaos [--minutes N] [--seed S]`: the multi-process stack under random kill -9 and
// SIGSTOP while clients send; exits 1 when anything accepted was lost or stored twice.
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
let options: ReturnType<typeof parseChaosArgs>;
try {
  options = parseChaosArgs(process.argv.slice(2), randomInt(0, 2 ** 31));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const abort = new AbortController();
process.on('SIGINT', () => {
  if (abort.signal.aborted) process.exit(130);
  console.log(
    'Ctrl-C: the faults stop now; draining and counting (Ctrl-C again quits at once, leaving the processes running)',
  );
  abort.abort();
});
try {
  const result = await runChaos({ ...options, signal: abort.signal });
  console.log(`\n${formatReport(result)}`);
  const found = failures(result);
  if (found.length) {
    if (result.output) console.log(`\nlast output of every process:\n${result.output}`);
    console.log(
      `\nReproduce with: pnpm chaos --minutes ${options.minutes} --seed ${options.seed} (faults and traffic follow the seed; timing does not).`,
    );
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  console.error(
    `chaos run failed: ${(error as Error).message}\nIf the stack did not start, check that redis-server is installed and that no other heavy run starves the machine; then run again with --seed ${options.seed}.`,
  );
  process.exit(1);
}
