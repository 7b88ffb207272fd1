import { z } from 'zod';
import { int, spec } from './variable-spec.js';

/** Tests and the dev stack. */
export const toolsVariables = {
  FUZZ_RUNS: spec(
    int(10_000, 1),
    'Requests the gateway fuzz suite generates (CI runs 10,000).',
    'a positive integer',
    ['tools'],
  ),
  FUZZ_SEED: spec(
    int(20_251_108),
    'Seed of the gateway fuzz suite; a failure prints the seed and path that reproduce it.',
    'an integer',
    ['tools'],
  ),
  DATA_DIR: spec(
    z.string().min(1).default('data'),
    '`pnpm start`: folder for devdb data, the private Redis and the API key (relative to the repository); one stack at a time per folder.',
    'a folder path',
    ['tools'],
  ),
  REDIS_SERVER_BIN: spec(
    z.string().min(1).default('redis-server'),
    'redis-server binary that tests and the dev stack start privately.',
    'a path or command name',
    ['tools'],
  ),
  WA_PEER_LOG: spec(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('silent'),
    'Log level of the Baileys client in the local WhatsApp protocol peer tests.',
    'one of fatal, error, warn, info, debug, trace, silent',
    ['tools'],
  ),
  NO_COLOR: spec(
    z.string().optional(),
    'Any value turns off colours and escape codes in the dev stack and demo output (no-color.org); they are off anyway when not on a terminal.',
    'any value',
    ['tools'],
  ),
};
