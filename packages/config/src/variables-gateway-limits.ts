import { z } from 'zod';
import { bool, int, spec } from './variable-spec.js';

/** The gateway: metrics labels, rate limits, failed-auth throttle, keys cache, timeouts, files. */
export const gatewayLimitsVariables = {
  METRICS_ACCOUNT_LABELS: spec(
    bool(false),
    'Label metrics with account ids (unbounded cardinality; off by default).',
    'true or false',
  ),
  RATE_LIMIT_MAX: spec(
    int(6_000),
    'Requests one API key may make per RATE_LIMIT_WINDOW_MS, counted in Redis across every gateway (0 turns the limit off; an open gateway without keys is not limited).',
    'a non-negative integer',
    ['gateway'],
  ),
  RATE_LIMIT_WINDOW_MS: spec(
    int(60_000, 1_000),
    'Window of the per-key rate limit; a key over its limit gets 429 with Retry-After.',
    'milliseconds, at least 1000',
    ['gateway'],
  ),
  AUTH_FAILURES_MAX: spec(
    int(20),
    'Wrong API keys one client address may present per AUTH_FAILURES_WINDOW_MS, counted in Redis across every gateway; past it the address gets 429 with Retry-After before any key lookup (0 turns the throttle off).',
    'a non-negative integer',
    ['gateway'],
  ),
  AUTH_FAILURES_WINDOW_MS: spec(
    int(60_000, 1_000),
    'Window of the failed-authentication throttle per client address.',
    'milliseconds, at least 1000',
    ['gateway'],
  ),
  TRUST_PROXY: spec(
    z
      .string()
      .default('false')
      .transform((value): boolean | number | string[] => {
        const trimmed = value.trim();
        if (trimmed === '' || trimmed === 'false') return false;
        if (trimmed === 'true') return true;
        if (/^\d+$/.test(trimmed)) return Number(trimmed);
        return trimmed
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
      }),
    'Which X-Forwarded-For address is the client (rate limits and the failed-authentication throttle count it): false = the connection’s address; true = the left-most (only behind a proxy that overwrites the header); a number = that many proxy hops; or a comma-separated list of trusted proxy addresses/CIDRs.',
    'false, true, a hop count, or comma-separated addresses/CIDRs',
    ['gateway'],
  ),
  CONTACT_CHECK_CACHE_MS: spec(
    int(86_400_000),
    'How long a number’s answer to POST /accounts/:accountId/contacts/check (on WhatsApp or not) is kept per account in Redis; only numbers not in it are asked of WhatsApp, under the account’s send pacing (0 turns the cache off).',
    'milliseconds (0 = no cache)',
    ['gateway'],
  ),
  CONTACT_PROFILE_CACHE_MS: spec(
    int(3_600_000),
    'How long a contact’s about text, picture URL and business flag (GET /accounts/:accountId/contacts/:jid) are kept per account in Redis before WhatsApp is asked again (0 turns the cache off).',
    'milliseconds (0 = no cache)',
    ['gateway'],
  ),
  API_KEY_CACHE_MS: spec(
    int(5_000, 0, 60_000),
    'How long a gateway remembers a stored key’s lookup. A revocation reaches every gateway at once over Redis pub/sub; a gateway that missed the message (Redis reconnecting) forgets the key and ends its streams within this long.',
    'milliseconds from 0 to 60000',
    ['gateway'],
  ),
  LIVE_STREAMS_PER_KEY: spec(
    int(20),
    'Live streams (SSE /events and WebSocket /ws together) one API key may hold open on a gateway; one more gets 429 saying so (0 turns the cap off).',
    'a non-negative integer',
    ['gateway'],
  ),
  LIVE_STREAMS_PER_IP: spec(
    int(50),
    'Live streams one client address may hold open on a gateway, whatever the key (TRUST_PROXY decides which address counts); one more gets 429 (0 turns the cap off).',
    'a non-negative integer',
    ['gateway'],
  ),
  LIVE_REPLAY_MAX: spec(
    int(1_000, 1, 10_000),
    'Most stream entries a resuming live client (Last-Event-ID or lastEventId) is replayed: the newest ones; when more followed its id, a gap event with replayLimit says so first.',
    'an integer from 1 to 10000 (the event window)',
    ['gateway'],
  ),
  HTTP_HEADERS_TIMEOUT_MS: spec(
    int(20_000, 100),
    'Time a client has to send its request headers before the connection is closed (slow-client guard).',
    'milliseconds, at least 100',
    ['gateway'],
  ),
  HTTP_REQUEST_TIMEOUT_MS: spec(
    int(300_000, 100),
    'Time a client has to send its whole request, upload included, before the gateway answers 408.',
    'milliseconds, at least 100',
    ['gateway'],
  ),
  PORT_FILE: spec(
    z.string().min(1).optional(),
    'A file the process writes the port it listens on to (the gateway its API port, a worker its health port), once listening: the dev stack starts processes on port 0 and reads it instead of guessing a free port.',
    'a file path',
  ),
  CONSOLE_DIR: spec(
    z.string().min(1).optional(),
    'Folder of the built operator console served at /console (default: the build that `pnpm install` makes, or dist/console beside a bundled gateway).',
    'a folder path',
    ['gateway'],
  ),
};
