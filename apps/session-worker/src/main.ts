import { hostname } from 'node:os';
import { loadConfigOrExit, REDIS_VARIABLES, writePortFile } from '@wildcat/config';
import { connectRedis, redisTarget } from '@wildcat/redis-bus';
import { createStore } from '@wildcat/store';
import pino from 'pino';
import { assertEngineAvailable, createEngine } from './engine/create-engine.js';
import { startHealthServer } from './health/health-server.js';
import { startSessionWorker } from './worker/session-worker.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

const config = loadConfigOrExit([
  'LOG_LEVEL',
  ...REDIS_VARIABLES,
  'MONGODB_URL',
  'MONGODB_DB',
  'SHARDS',
  'WA_ENGINE',
  'WA_WEBSOCKET_URL',
  'HEALTH_PORT',
  'HEALTH_HOST',
  'PORT_FILE',
  'WORKER_ID',
  'LEASE_TTL_MS',
  'LEASE_TAKEOVER_GRACE_MS',
  'SEND_RATE_PER_MINUTE',
  'SEND_MAX_RATE_WAIT_MS',
  'SEND_ACCOUNT_MAX_IN_FLIGHT',
  'SEND_HOLD_MS',
  'FFMPEG_PATH',
  'METRICS_ACCOUNT_LABELS',
  'MEDIA_URL_MAX_BYTES',
  'MEDIA_URL_TIMEOUT_MS',
  'MEDIA_URL_ALLOW_PRIVATE_NETWORKS',
]);

try {
  assertEngineAvailable(config.WA_ENGINE);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

const logger = pino({ level: config.LOG_LEVEL, base: { service: 'session-worker' } });
const workerId = config.WORKER_ID ?? `${hostname()}-${process.pid}`;
const target = redisTarget(config);
const redis = await connectRedis(target, 'blocking');
const store = await createStore({
  url: config.MONGODB_URL,
  dbName: config.MONGODB_DB,
  onMonitorRestart: (address, stuckForMs) =>
    logger.warn({ address, stuckForMs }, 'MongoDB server check hung; restarted it'),
});
const engine = await createEngine(config.WA_ENGINE, { redis, waWebSocketUrl: config.WA_WEBSOCKET_URL });
const worker = await startSessionWorker({
  workerId,
  redisUrl: target,
  redis,
  store,
  engine,
  logger,
  shards: config.SHARDS,
  leaseTtlMs: config.LEASE_TTL_MS,
  leaseTakeoverGraceMs: config.LEASE_TAKEOVER_GRACE_MS,
  sendRatePerMinute: config.SEND_RATE_PER_MINUTE,
  sendMaxRateWaitMs: config.SEND_MAX_RATE_WAIT_MS,
  sendAccountMaxInFlight: config.SEND_ACCOUNT_MAX_IN_FLIGHT,
  sendHoldMs: config.SEND_HOLD_MS,
  ffmpegPath: config.FFMPEG_PATH,
  mediaUrl: {
    maxBytes: config.MEDIA_URL_MAX_BYTES,
    timeoutMs: config.MEDIA_URL_TIMEOUT_MS,
    allowPrivate: config.MEDIA_URL_ALLOW_PRIVATE_NETWORKS,
  },
  metricsAccountLabels: config.METRICS_ACCOUNT_LABELS,
});
const health = await startHealthServer(
  config.HEALTH_PORT,
  { ready: worker.ready, registry: worker.metrics.registry },
  config.HEALTH_HOST,
);
writePortFile(config.PORT_FILE, health.port);
logger.info({ workerId, healthPort: health.port, engine: config.WA_ENGINE }, 'session worker started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    logger.error('graceful shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  try {
    await worker.stop();
    await health.close();
    await store.close();
    redis.disconnect();
    logger.info('stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
