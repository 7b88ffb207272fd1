import type { ChaosOptions } from './run-chaos.js';

export const USAGE = 'usage: pnpm chaos [--minutes N] [--seed S]   (defaults: 5 minutes, a random seed)';

/** `--minutes N --seed S` (or `--minutes=N`); an error names the flag and what to pass instead. */
export function parseChaosArgs(
  argv: readonly string[],
  randomSeed: number,
): Pick<ChaosOptions, 'minutes' | 'seed'> {
  const options = { minutes: 5, seed: randomSeed };
  const args = argv.flatMap((arg) =>
    arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg],
  );
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--') continue;
    if (flag !== '--minutes' && flag !== '--seed') throw new Error(`unknown argument ${flag}\n${USAGE}`);
    const value = args[++i];
    const number = Number(value);
    if (flag === '--minutes') {
      if (value === undefined || !Number.isFinite(number) || number <= 0 || number > 24 * 60)
        throw new Error(
          `--minutes needs a number of minutes above 0 (at most a day), e.g. --minutes 30; got ${value ?? 'nothing'}`,
        );
      options.minutes = number;
    } else {
      if (value === undefined || !Number.isInteger(number) || number < 0 || number > 0xffffffff)
        throw new Error(
          `--seed needs a whole number from 0 to 4294967295, e.g. --seed 42; got ${value ?? 'nothing'}`,
        );
      options.seed = number;
    }
  }
  return options;
}
