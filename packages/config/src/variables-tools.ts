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
  E2E_LOG_LEVEL: spec(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
    'Log level of the processes the e2e scenarios start; `debug` traces every message id through the sandbox, inbox, persister and store (see E2E_LOG_DIR).',
    'one of fatal, error, warn, info, debug, trace, silent',
    ['tools'],
  ),
  E2E_LOG_DIR: spec(
    z.string().min(1).optional(),
    "Folder where the e2e scenarios keep every process's whole output (one file per stack), to locate a lost message in the trace afterwards; unset keeps only the recent lines for a failure report.",
    'a folder path',
    ['tools'],
  ),
  UPDATE_DOCS_SCREENSHOTS: spec(
    z.enum(['0', '1']).optional(),
    '`1` makes the console browser tests save their screenshots under docs/screenshots (the README shows them).',
    '0 or 1',
    ['tools'],
  ),
  MONITOR_FILE: spec(
    z.string().min(1).optional(),
    '`bench/src/standalone/redis-send-cost.ts`: file to write 2 s of Redis MONITOR output during the load (which scripts and keys a send touches).',
    'a file path',
    ['tools'],
  ),
};
