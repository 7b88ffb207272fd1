import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import type { CommandContext } from './commands/context.js';
import { runCommand } from './commands/router.js';
import { Connection } from './connection.js';
import { CursorRegistry } from './engine/cursor-registry.js';
import { Store } from './engine/store.js';
import { expireDocuments } from './engine/ttl.js';
import type { DevdbOptions } from './options.js';
import { loadDataDir } from './persistence/data-files.js';
import { Flusher } from './persistence/flusher.js';

const TEN_MINUTES = 10 * 60 * 1000;

/**
 * A MongoDB wire-protocol server backed by an in-memory engine (mingo for queries, bson for
 * encoding). For development and tests only: no auth, no replication, no transactions.
 */
export class DevdbServer {
  readonly store: Store;
  private readonly cursors: CursorRegistry;
  private readonly flusher: Flusher | undefined;
  private readonly connections = new Set<Connection>();
  private readonly net: Server;
  private readonly timers: NodeJS.Timeout[] = [];
  private nextConnectionId = 1;
  private boundPort = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: DevdbOptions = {}) {
    const dataDir = options.dataDir;
    this.store = new Store((db, coll) => this.flusher?.touch(db, coll));
    this.flusher = dataDir
      ? new Flusher(dataDir, this.store, options.flushDelayMs ?? 200, (m) => this.log(m))
      : undefined;
    this.cursors = new CursorRegistry(options.cursorTimeoutMs ?? TEN_MINUTES);
    this.net = createServer((socket) => this.accept(socket));
  }

  get port(): number {
    return this.boundPort;
  }

  /** `mongodb://host:port`; the database name can be appended (`/name`) and no options are needed. */
  get url(): string {
    const host = this.options.host ?? '127.0.0.1';
    const reachable =
      host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
    return `mongodb://${reachable}:${this.boundPort}`;
  }

  /** Loads `dataDir` (if any), then listens. */
  async start(): Promise<void> {
    if (this.options.dataDir) loadDataDir(this.options.dataDir, this.store);
    await new Promise<void>((resolve, reject) => {
      this.net.once('error', reject);
      this.net.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        this.net.off('error', reject);
        resolve();
      });
    });
    const address = this.net.address();
    this.boundPort = typeof address === 'object' && address ? address.port : 0;
    const every = (ms: number, task: () => void): void => {
      const timer = setInterval(task, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.min(60_000, this.options.cursorTimeoutMs ?? TEN_MINUTES), () => this.cursors.sweep());
    every(this.options.ttlIntervalMs ?? 60_000, () => expireDocuments(this.store));
  }

  /** Runs a command in-process exactly as if it arrived over the wire (handy for tooling). */
  command(body: Document, db = 'admin', connectionId = 0): Document {
    const context: CommandContext = { store: this.store, cursors: this.cursors, db, connectionId };
    return runCommand(body, context);
  }

  /** Stops listening, drops clients and writes every acknowledged change to `dataDir`. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      const closed = new Promise<void>((resolve) => this.net.close(() => resolve()));
      for (const connection of this.connections) connection.close();
      await closed;
      this.cursors.clear();
      await this.flusher?.flush();
    })();
    return this.closing;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const connection = new Connection(
      socket,
      this.nextConnectionId++,
      (body, db, id) => this.command(body, db, id),
      (m) => this.log(m),
    );
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
  }

  private log(message: string): void {
    if (!this.options.quiet) process.stderr.write(`${message}\n`);
  }
}
