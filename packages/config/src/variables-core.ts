import { z } from 'zod';
import { int, spec } from './variable-spec.js';

/** Every process: mode, logs, Redis, MongoDB, shards and the engine. */
export const coreVariables = {
  NODE_ENV: spec(
    z.enum(['development', 'production', 'test']).default('development'),
    'Runtime mode.',
    'one of development, production, test',
  ),
  LOG_LEVEL: spec(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'pino log level.',
    'one of fatal, error, warn, info, debug, trace, silent',
  ),
  REDIS_URL: spec(
    z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    'Redis for queues, leases, status and event streams.',
    'a redis:// or rediss:// URL',
  ),
  MONGODB_URL: spec(
    z.url({ protocol: /^mongodb(\+srv)?$/ }).default('mongodb://127.0.0.1:27017'),
    'MongoDB server (the dev stack starts devdb when unset).',
    'a mongodb:// or mongodb+srv:// URL',
  ),
  MONGODB_DB: spec(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/)
      .default('wildcat'),
    'Database name.',
    'letters, digits, _ or -, at most 63 characters',
  ),
  MONGODB_TIMEOUT_MS: spec(
    int(2_000, 100),
    'How long the gateway waits to reach MongoDB before answering 503 (server selection and connect timeout).',
    'milliseconds, at least 100',
    ['gateway'],
  ),
  SHARDS: spec(
    int(32, 1, 1024),
    'Number of account shards; must be the same on every process and never change on live data.',
    'an integer from 1 to 1024',
  ),
  WA_ENGINE: spec(
    z.enum(['baileys', 'sandbox']).default('baileys'),
    'WhatsApp engine: real Baileys, or the offline sandbox network in Redis.',
    'baileys or sandbox',
    ['gateway', 'session-worker'],
  ),
  WA_WEBSOCKET_URL: spec(
    z.url({ protocol: /^wss?$/ }).optional(),
    'Override of the WhatsApp WebSocket endpoint (tests point it at the local protocol peer).',
    'a ws:// or wss:// URL',
    ['session-worker'],
  ),
};
