import { z } from 'zod';
import { bool, int, spec, WORKERS } from './variable-spec.js';

/** The workers: health, leases, send pacing and fairness, voice notes. */
export const sessionWorkerVariables = {
  HEALTH_PORT: spec(
    int(0, 0, 65535),
    'Port of a worker health and metrics server (0 picks a free port).',
    'a port number from 0 to 65535',
    WORKERS,
  ),
  HEALTH_HOST: spec(
    z.string().min(1).default('0.0.0.0'),
    'Address a worker health and metrics server binds to. The default, every interface, is what Kubernetes needs (kubelet probes and Prometheus reach the pod address; the NetworkPolicy limits who may); docker-compose binds 127.0.0.1, where only the container’s own healthcheck calls it.',
    'an IP address or host name',
    WORKERS,
  ),
  WORKER_ID: spec(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .optional(),
    'Stable worker identity in the lease registry (defaults to host name and pid).',
    'letters, digits, _ . or -, at most 64 characters',
    ['session-worker'],
  ),
  LEASE_TTL_MS: spec(
    int(10_000, 1_000),
    'Shard lease time to live; renewed every third of it. A dead worker’s shards move after this long.',
    'milliseconds, at least 1000',
    ['session-worker'],
  ),
  LEASE_TAKEOVER_GRACE_MS: spec(
    int(2_500).refine((value) => value === 0 || value >= 1_000, 'must be 0 or at least 1000'),
    'A worker whose Redis connection has been gone this long (its process died) loses its shards at once instead of after LEASE_TTL_MS; 0 waits for lease expiry only. A paused or cut-off worker keeps its connection and is never taken over early.',
    'milliseconds, 0 or at least 1000',
    ['session-worker'],
  ),
  SEND_RATE_PER_MINUTE: spec(
    int(60, 1),
    'Default per-account send rate (token bucket), overridable per account; the gateway derives the Retry-After of a full backlog from it.',
    'a positive integer',
    ['gateway', 'session-worker'],
  ),
  SEND_ACCOUNT_MAX_IN_FLIGHT: spec(
    int(4, 1, 1_000),
    'Send slots of a shard worker one account may hold at once; its further sends wait their turn in Redis, in order, so a paced account never takes the slots of the other accounts of its shard.',
    'an integer from 1 to 1000',
    ['session-worker'],
  ),
  SEND_ACCOUNT_MAX_BACKLOG: spec(
    int(1_000),
    'Accepted sends of one account that may wait unfinished; past it a send is answered 429 with Retry-After and the backlog size (0 turns the limit off).',
    'a non-negative integer',
    ['gateway'],
  ),
  SEND_MAX_RATE_WAIT_MS: spec(
    int(30_000, 0),
    'Longest a send waits for its account’s rate token; beyond it the send is answered 429 with retryAfterMs.',
    'milliseconds',
    ['session-worker'],
  ),
  SEND_HOLD_MS: spec(
    int(120_000, 0),
    'Longest an accepted send waits for its account while the account is moving between workers or reconnecting (desired state connected, no QR showing); past it the send fails with 409. A client waiting on it gets 504 with the messageId meanwhile, never a refusal.',
    'milliseconds',
    ['session-worker'],
  ),
  FFMPEG_PATH: spec(
    z.string().min(1).default('ffmpeg'),
    'ffmpeg binary used to turn voice notes into OGG/Opus.',
    'a path or command name',
    ['session-worker'],
  ),
  MEDIA_URL_MAX_BYTES: spec(
    int(52_428_800, 1024),
    'Largest media a send by `url` may fetch (50 MB); a larger file fails the send with 413. A profile picture by `url` is capped at the smaller of this and 5 MiB.',
    'a byte count of at least 1024',
    ['session-worker'],
  ),
  MEDIA_URL_TIMEOUT_MS: spec(
    int(30_000, 100),
    'How long the worker waits for a media `url` to answer and finish sending its body; then the send (or the profile picture) fails with 422.',
    'milliseconds',
    ['session-worker'],
  ),
  MEDIA_URL_ALLOW_PRIVATE_NETWORKS: spec(
    bool(false),
    'Allow media `url`s that resolve to loopback, private, link-local or metadata addresses (the same guard as webhooks; WEBHOOK_ALLOW_PRIVATE_NETWORKS does not cover media).',
    'true or false',
    ['gateway', 'session-worker'],
  ),
};
