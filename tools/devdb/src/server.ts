import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import type { CommandContext } from './commands/context.js';
import { errorReply, runCommand } from './commands/router.js';
import { Connection } from './connection.js';
import { CursorRegistry } from './engine/cursor-registry.js';
import { Store } from './engine/store.js';
import { expireDocuments } from './engine/ttl.js';
import { CommandError } from './errors/command-error.js';
import type { DevdbOptions } from './options.js';
import { loadDataDir } from './persistence/data-files.js';
import { Flusher } from './persistence/flusher.js';
import { Journal } from './persistence/journal.js';
import { replayJournal } from './persistence/journal-replay.js';

const TEN_MINUTES = 10 * 60 * 1000;

/**
 * A MongoDB wire-protocol server backed by an in-memory engine (mingo for queries, bson for
 * encoding). For development and tests only: no auth, no replication, no transactions.
 */
export class DevdbServer {
  readonly store: Store;
  private readonly cursors: CursorRegistry;
  private readonly flusher: Flusher | undefined;
  private readonly journal: Journal | undefined;
  private readonly connections = new Set<Connection>();
  private readonly net: Server;
  private readonly timers: NodeJS.Timeout[] = [];
  private nextConnectionId = 1;
  private boundPort = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: DevdbOptions = {}) {
    const dataDir = options.dataDir;
    this.store = new Store((db, coll, change) => {
      this.journal?.append(db, coll, change);
      this.flusher?.touch(db, coll);
    });
    const log = (message: string): void => this.log(message);
    this.journal = dataDir ? new Journal(dataDir, log) : undefined;
    this.flusher =
      dataDir && this.journal
        ? new Flusher(dataDir, this.store, this.journal, options.flushDelayMs ?? 200, log)
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

  /** Loads `dataDir` (if any) and replays its journal into a fresh snapshot, then listens. */
  async start(): Promise<void> {
    if (this.options.dataDir) await this.recover(this.options.dataDir);
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

  private async recover(dataDir: string): Promise<void> {
    const log = (message: string): void => this.log(message);
    const snapshotLsn = loadDataDir(dataDir, this.store);
    const replayed = replayJournal(dataDir, this.store, snapshotLsn, log);
    this.journal?.resume(Math.max(replayed.lastLsn, ...snapshotLsn.values()));
    for (const [db, coll] of replayed.touched) this.flusher?.touch(db, coll);
    await this.flusher?.flush();
  }

  /**
   * A command as a connection runs it: a reply to a command that changed data waits until the
   * change is in the journal on disk (shared with every change made meanwhile), so an
   * acknowledged write survives a crash.
   */
  private execute(body: Document, db: string, connectionId: number): Document | Promise<Document> {
    const before = this.journal?.lsn;
    const reply = this.command(body, db, connectionId);
    if (!this.journal || this.journal.lsn === before) return reply;
    return this.journal.durable().then(
      () => reply,
      (error: unknown) =>
        errorReply(
          new CommandError(
            8,
            'UnknownError',
            `devdb: the change could not be journaled: ${(error as Error).message}`,
          ),
        ),
    );
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
      await this.journal?.close();
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
      (body, db, id) => this.execute(body, db, id),
      (m) => this.log(m),
    );
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
  }

  private log(message: string): void {
    if (!this.options.quiet) process.stderr.write(`${message}\n`);
  }
}
