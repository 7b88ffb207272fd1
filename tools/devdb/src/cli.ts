import { parseArgs } from 'node:util';
import { startDevdb } from './index.js';

const USAGE = 'usage: wildcat-devdb [--port 27017] [--host 127.0.0.1] [--data <dir>] [--quiet]';

async function main(): Promise<void> {
  // `pnpm start -- --port 1` forwards the `--` separator itself; it is not an argument.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '27017' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --port ${values.port}\n${USAGE}`);
  const server = await startDevdb({ port, host: values.host, dataDir: values.data, quiet: values.quiet });
  const storage = values.data ? `data in ${values.data}` : 'in memory, nothing is saved';
  process.stdout.write(
    `devdb: DEVELOPMENT/TEST MongoDB-compatible server, NOT for production (${storage})\n`,
  );
  process.stdout.write(`devdb: listening on ${server.url}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`devdb: ${signal}, flushing and exiting\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`devdb: error while closing: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`devdb: ${(error as Error).message}\n`);
  process.exit(1);
});
