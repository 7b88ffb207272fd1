import { z } from 'zod';
import { int, spec } from './variable-spec.js';

const HOST_PORT = /^\[?[A-Za-z0-9._:-]+\]?:\d{1,5}$/;

/** `host:port,host:port` → [{ host, port }]; empty (the default) means the setting is off. */
const hostPortList = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(HOST_PORT)))
    .transform((items) =>
      items.map((item) => {
        const at = item.lastIndexOf(':');
        return { host: item.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(item.slice(at + 1)) };
      }),
    );

/**
 * Every process: Redis Cluster or Sentinel instead of the one Redis of REDIS_URL. REDIS_URL still
 * gives the password, user and TLS (rediss://) of the nodes; its host and port are not used then.
 */
export const redisTopologyVariables = {
  REDIS_CLUSTER_NODES: spec(
    hostPortList(),
    'Redis Cluster seed nodes; when set every process uses a Cluster connection (password and TLS from REDIS_URL).',
    'a comma-separated list of host:port',
  ),
  REDIS_SENTINELS: spec(
    hostPortList(),
    'Redis Sentinel addresses; when set every process asks them for the primary named REDIS_SENTINEL_NAME (password and TLS from REDIS_URL).',
    'a comma-separated list of host:port',
  ),
  REDIS_SENTINEL_NAME: spec(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .default('mymaster'),
    'Name of the primary the sentinels watch (with REDIS_SENTINELS).',
    'letters, digits, ., _ or -, at most 64 characters',
  ),
  REDIS_WAIT_REPLICAS: spec(
    int(0, 0, 16),
    'Replicas that must hold an accepted send (its job and Idempotency-Key) before the gateway answers (Redis WAIT): with 1, a 202 survives the loss of its primary in a failover; a send not confirmed in REDIS_WAIT_TIMEOUT_MS is answered 503 (retry with the same Idempotency-Key). 0 answers without waiting.',
    'an integer from 0 to 16',
    ['gateway'],
  ),
  REDIS_WAIT_TIMEOUT_MS: spec(
    int(2_000, 1, 60_000),
    'Longest the gateway waits for REDIS_WAIT_REPLICAS replicas to confirm a send.',
    'milliseconds from 1 to 60000',
    ['gateway'],
  ),
};

/** The variables that together say how to reach Redis: every process loads all of them. */
export const REDIS_VARIABLES = [
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_NAME',
] as const;
