import { z } from 'zod';
import { bool, int, list, spec } from './variable-spec.js';

/** The gateway: binding, keys, CORS, bodies and send waits. */
export const gatewayHttpVariables = {
  HOST: spec(
    z.string().min(1).default('0.0.0.0'),
    'Gateway bind address (forced to 127.0.0.1 when API_KEYS is empty unless ALLOW_UNAUTHENTICATED is true).',
    'a host name or IP address',
    ['gateway'],
  ),
  PORT: spec(int(3000, 0, 65535), 'Gateway HTTP port.', 'a port number from 0 to 65535', ['gateway']),
  METRICS_PORT: spec(
    int(0, 0, 65535),
    'Port of a gateway listener that serves only GET /metrics, without a key, for the Prometheus scrape (so the scrape config holds no admin key); 0 = none. The API’s own /metrics still needs an admin key.',
    'a port number from 1 to 65535, or 0 for none',
    ['gateway'],
  ),
  METRICS_HOST: spec(
    z.string().min(1).default('0.0.0.0'),
    'Address the METRICS_PORT listener binds to (every interface by default: Prometheus scrapes the pod address; the NetworkPolicy limits who may).',
    'an IP address or host name',
    ['gateway'],
  ),
  API_KEYS: spec(
    list(),
    'Comma-separated admin API keys; empty means no authentication (loopback only). With NODE_ENV=production the gateway refuses to start when any key is shorter than 32 characters or looks like a placeholder (change-me, example, test, secret, password, development, one repeated character …): use random keys, e.g. `openssl rand -base64 32`. Admin keys see every account, manage global webhooks (optionally signed with a `secret`) and get the exact reason a webhook URL is refused; account-scoped keys (POST /admin/keys) get one generic refusal for unresolvable or non-public hosts.',
    'a comma-separated list of keys',
    ['gateway'],
  ),
  ALLOW_UNAUTHENTICATED: spec(
    bool(false),
    'Allow binding to a non-loopback address without API keys.',
    'true or false',
    ['gateway'],
  ),
  CORS_ORIGINS: spec(
    list(),
    'Comma-separated origins allowed by CORS; empty disables CORS.',
    'a comma-separated list of origins',
    ['gateway'],
  ),
  BODY_LIMIT_BYTES: spec(
    int(1_048_576, 1024),
    'Largest JSON body accepted.',
    'a byte count of at least 1024',
    ['gateway'],
  ),
  MAX_UPLOAD_BYTES: spec(
    int(52_428_800, 1024),
    'Largest uploaded file accepted (50 MB).',
    'a byte count of at least 1024',
    ['gateway'],
  ),
  SEND_WAIT_TIMEOUT_MS: spec(
    int(30_000, 100),
    'How long a send waits for the worker before answering 504 with the messageId.',
    'milliseconds, at least 100',
    ['gateway'],
  ),
};
