import type { DevdbOptions } from './options.js';
import { DevdbServer } from './server.js';

export { CommandError } from './errors/command-error.js';
export { DuplicateKeyError } from './errors/duplicate-key-error.js';
export { MalformedFrameError } from './errors/malformed-frame-error.js';
export type { DevdbOptions } from './options.js';
export { DevdbServer } from './server.js';

/** A started server. */
export interface RunningDevdb {
  /** `mongodb://127.0.0.1:<port>`; append `/<db>` if you like. */
  url: string;
  port: number;
  /** Stops the server and flushes `dataDir`; safe to call more than once. */
  close(): Promise<void>;
}

/** Starts a MongoDB wire-protocol dev/test server. Not for production use. */
export async function startDevdb(options: DevdbOptions = {}): Promise<RunningDevdb> {
  const server = new DevdbServer(options);
  await server.start();
  return { url: server.url, port: server.port, close: () => server.close() };
}
