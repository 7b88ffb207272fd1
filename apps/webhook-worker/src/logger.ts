import { type Logger, pino } from 'pino';

/** Paths that could carry a secret if someone logs a subscription or a request by mistake. */
const REDACT = [
  'secret',
  '*.secret',
  'headers',
  '*.headers',
  'webhook.url',
  'authorization',
  '*.authorization',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'webhook-worker' },
    redact: { paths: REDACT, censor: '[redacted]' },
  });
}
