import { loadConfigOrExit, writePortFile } from '@wildcat/config';
import { connectRedis, redisTarget } from '@wildcat/redis-bus';
import { createStore } from '@wildcat/store';
import { GATEWAY_VARIABLES } from './config.js';
import { startMetricsListener } from './metrics-listener.js';
import { buildServer, startServer } from './server.js';
import { weakApiKeys } from './services/auth/key-strength.js';

const config = loadConfigOrExit(GATEWAY_VARIABLES);
const weak = config.NODE_ENV === 'production' ? weakApiKeys(config.API_KEYS) : undefined;
if (weak) {
  process.stderr.write(`${weak}\n`);
  process.exit(1);
}
const store = await createStore({
  url: config.MONGODB_URL,
  dbName: config.MONGODB_DB,
  clientOptions: {
    serverSelectionTimeoutMS: config.MONGODB_TIMEOUT_MS,
    connectTimeoutMS: config.MONGODB_TIMEOUT_MS,
    // A MongoDB that accepts but never answers must not hold requests forever.
    socketTimeoutMS: 30_000,
  },
});
const redis = await connectRedis(redisTarget(config), 'request');
const app = await buildServer({ config, store, redis });
await startServer(app, config);
// Prometheus scrapes this one without a key (METRICS_PORT; 0 = no such listener).
const metricsListener =
  config.METRICS_PORT > 0
    ? await startMetricsListener(app.metrics.registry, config.METRICS_PORT, config.METRICS_HOST)
    : undefined;
const address = app.server.address();
if (address && typeof address === 'object') writePortFile(config.PORT_FILE, address.port);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await Promise.all([app.close(), metricsListener?.close()]);
  redis.disconnect();
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
