import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { errorReply } from './commands/router.js';
import { CommandError } from './errors/command-error.js';
import { FrameReader } from './wire/frame-reader.js';
import { encodeReply, parseRequest, type Request } from './wire/messages.js';

/** Executes one command for a connection; supplied by the server. A promised reply is one that
 * waits for its change to be durable. */
export type Execute = (body: Document, db: string, connectionId: number) => Document | Promise<Document>;

let replyIds = 1;

/**
 * One client socket. Requests are answered strictly in order; anything that cannot be parsed as a
 * wire message drops this socket only, while command failures are ordinary `{ ok: 0 }` replies.
 */
export class Connection {
  private readonly reader = new FrameReader();
  /** Replies still waiting (for the journal, or behind one that is): later ones queue behind them. */
  private waiting = 0;
  private backlog: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly execute: Execute,
    private readonly log: (message: string) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // Resets and aborted writes are normal when clients go away; they must not become crashes.
    socket.on('error', () => socket.destroy());
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (error) {
      this.drop(error);
      return;
    }
    for (const frame of frames) {
      if (this.socket.destroyed) return;
      let request: Request;
      try {
        request = parseRequest(frame);
      } catch (error) {
        this.drop(error);
        return;
      }
      this.answer(request);
    }
  }

  private answer(request: Request): void {
    let reply: Document | Promise<Document>;
    try {
      reply = request.db
        ? this.execute(request.body, request.db, this.id)
        : errorReply(new CommandError(40571, 'Location40571', 'OP_MSG requests require a $db argument'));
    } catch (error) {
      reply = errorReply(error);
    }
    if (request.noReply) return;
    if (!(reply instanceof Promise) && this.waiting === 0) {
      this.send(request, reply);
      return;
    }
    // Replies go out in request order, so one waiting for the journal holds back those after it.
    this.waiting += 1;
    const settled = Promise.resolve(reply).catch((error: unknown) => errorReply(error));
    this.backlog = this.backlog
      .then(() => settled)
      .then((document) => this.send(request, document))
      .finally(() => {
        this.waiting -= 1;
      });
  }

  private send(request: Request, reply: Document): void {
    if (this.socket.destroyed) return;
    let parts: [Buffer, Uint8Array];
    try {
      parts = encodeReply(request, replyIds++, reply);
    } catch (error) {
      parts = encodeReply(request, replyIds++, errorReply(error));
    }
    this.socket.cork();
    this.socket.write(parts[0]);
    this.socket.write(parts[1]);
    this.socket.uncork();
  }

  private drop(error: unknown): void {
    this.log(`connection ${this.id}: dropping client after malformed message: ${(error as Error).message}`);
    this.socket.destroy();
  }
}
