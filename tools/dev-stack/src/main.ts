import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '@wildcat/config';
import { startStack } from './stack.js';

// `pnpm start`: the whole system on this machine, each process its own child with prefixed logs.
const root = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const config = loadConfigOrExit(['REDIS_URL', 'WA_ENGINE', 'PORT', 'API_KEYS']);
const dataDir = join(root, 'data');

try {
  const stack = await startStack({
    root,
    dataDir,
    redisUrl: config.REDIS_URL,
    mongodbUrl: process.env.MONGODB_URL || undefined,
    apiKey: config.API_KEYS[0],
    engine: config.WA_ENGINE,
    gateways: 1,
    sessionWorkers: 2,
    webhookWorkers: 1,
    gatewayPort: config.PORT,
    // Local development posts webhooks to local receivers; production keeps the SSRF guard on.
    env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? 'true' },
  });
  const api = stack.gateways[0]?.url ?? '';
  const keyWhere = config.API_KEYS[0] ? 'the first entry of API_KEYS' : join(dataDir, 'api-key');
  process.stdout.write(
    [
      '',
      `WILDCAT is running (${config.WA_ENGINE} engine).`,
      `  API          ${api}`,
      `  API docs     ${api}/docs`,
      `  Bull Board   ${api}/admin/queues`,
      `  Console      ${api}/console`,
      `  API key      in ${keyWhere} — send it as X-API-Key`,
      `  Data         ${dataDir}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping…\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
