import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit, REDIS_VARIABLES } from '@wildcat/config';
import { startupBanner } from './banner.js';
import { printQrCodes } from './qr-printer.js';
import { startStack } from './stack.js';

// `pnpm start`: the whole system on this machine, each process its own child with prefixed logs.
const root = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const config = loadConfigOrExit([...REDIS_VARIABLES, 'WA_ENGINE', 'PORT', 'API_KEYS', 'DATA_DIR']);
// A Cluster or Sentinel the user named (validated above): the apps get these variables as given.
const redisEnv =
  config.REDIS_CLUSTER_NODES.length > 0 || config.REDIS_SENTINELS.length > 0
    ? Object.fromEntries(
        REDIS_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])),
      )
    : undefined;
const dataDir = resolve(root, config.DATA_DIR);
// Set to nothing on purpose (`API_KEYS= pnpm start`): no key at all, as the original server ran.
const keyless = process.env.API_KEYS !== undefined && config.API_KEYS.length === 0;

try {
  const stack = await startStack({
    root,
    dataDir,
    // Only a Redis the user named: a stack must never silently join whatever answers on 6379.
    redisUrl: process.env.REDIS_URL ? config.REDIS_URL : undefined,
    redisEnv,
    mongodbUrl: process.env.MONGODB_URL || undefined,
    apiKey: keyless ? null : config.API_KEYS[0],
    engine: config.WA_ENGINE,
    gateways: 1,
    sessionWorkers: 2,
    webhookWorkers: 1,
    gatewayPort: config.PORT,
    // Local development posts webhooks to local receivers; compose and Kubernetes keep refusing them.
    env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? 'true' },
  });
  const keyWhere = keyless
    ? undefined
    : config.API_KEYS[0]
      ? 'the first entry of API_KEYS'
      : join(dataDir, 'api-key');
  process.stdout.write(
    startupBanner({
      engine: config.WA_ENGINE,
      api: stack.gateways[0]?.url ?? '',
      keyWhere,
      dataDir,
      privateWebhooks: (process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? 'true') === 'true',
    }),
  );
  const qrCodes = printQrCodes(stack.gateways[0]?.url ?? '', stack.apiKey, (text) =>
    process.stdout.write(text),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    qrCodes.stop();
    process.stdout.write('\nstopping…\n');
    await stack.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
