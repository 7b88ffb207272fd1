import { controlQueueName, queuePrefix, sendQueueName } from '@wildcat/jobs';
import { bullConnection, type RedisTarget } from '@wildcat/redis-bus';
import type { AccountDoc } from '@wildcat/store';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { type ControlDeps, type ControlShard, createControlProcessor } from '../control/control-processor.js';
import { HandoffError } from '../errors/handoff-error.js';
import { createSendProcessor, type SendDeps, type ShardHandle } from '../send/send-processor.js';
import { AccountSession, type SessionDeps } from '../sessions/account-session.js';
import { closeWorker } from './close-worker.js';

/** Jobs start once the shard's sessions connected, or after this long at most. */
const CONNECT_HEAD_START_MS = 5_000;
/** How long a graceful hand-over waits for jobs in flight before closing regardless. */
const GRACEFUL_JOB_WAIT_MS = 5_000;

export interface BullSettings {
  redisUrl: RedisTarget;
  /** Job lock; a killed worker's active jobs become stalled after this long. */
  lockDuration: number;
  /** How often the owner looks for stalled jobs to run again. */
  stalledInterval: number;
  sendConcurrency: number;
  controlConcurrency: number;
}

export interface RuntimeDeps {
  logger: Logger;
  sessionDeps: SessionDeps;
  sendDeps: SendDeps;
  controlDeps: ControlDeps;
  bull: BullSettings;
  /** Accounts of this shard whose desired state is `connected`. */
  desiredAccounts(shard: number): Promise<AccountDoc[]>;
  /** Bounds how many sessions connect at once across the worker. */
  startLimit<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * Everything a worker runs for one shard while it holds the lease: the sessions of its accounts
 * and the BullMQ workers of `send-<shard>` and `control-<shard>`.
 */
export class ShardRuntime implements ShardHandle, ControlShard {
  readonly sessions = new Map<string, AccountSession>();
  private readonly abort = new AbortController();
  private workers: Worker[] = [];
  private readonly logger: Logger;

  constructor(
    readonly shard: number,
    readonly epoch: number,
    private readonly deps: RuntimeDeps,
  ) {
    this.logger = deps.logger.child({ shard, epoch });
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  session(accountId: string): AccountSession | undefined {
    return this.sessions.get(accountId);
  }

  async ensureSession(accountId: string): Promise<AccountSession> {
    const existing = this.sessions.get(accountId);
    if (existing) return existing;
    const account = await this.deps.sessionDeps.store.accounts.get(accountId);
    if (!account) throw new Error(`account ${accountId} vanished`);
    if (this.signal.aborted) throw new HandoffError(this.shard);
    const raced = this.sessions.get(accountId);
    if (raced) return raced;
    const session = new AccountSession(account, this.epoch, this.deps.sessionDeps);
    this.sessions.set(accountId, session);
    return session;
  }

  async dropSession(accountId: string, status?: 'not_started'): Promise<void> {
    const session = this.sessions.get(accountId);
    this.sessions.delete(accountId);
    if (session) await session.stop(status);
    else if (status) {
      // No session here: still record the status so the account does not look connected.
      const account = await this.deps.sessionDeps.store.accounts.get(accountId);
      if (account) await new AccountSession(account, this.epoch, this.deps.sessionDeps).stop(status);
    }
  }

  async logoutAccount(accountId: string): Promise<void> {
    let session = this.sessions.get(accountId);
    if (!session) {
      // Without a socket the device stays linked: connect briefly so logout can unlink it.
      session = await this.ensureSession(accountId);
      const hasCreds = await this.deps.sessionDeps.store.authState(session.account.collectionName).hasCreds();
      if (hasCreds) {
        await session.connect();
        await session.waitUntilOpen(5_000, this.signal);
      }
    }
    this.sessions.delete(accountId);
    await session.logout();
  }

  /**
   * Connects the shard's wanted accounts, then starts taking its jobs: sends wait for their
   * session anyway, and letting sessions connect first keeps a takeover quick under load.
   */
  async start(): Promise<void> {
    const accounts = await this.deps.desiredAccounts(this.shard);
    const sessions: AccountSession[] = [];
    for (const account of accounts) {
      if (this.signal.aborted || this.sessions.has(account._id)) continue;
      const session = new AccountSession({ ...account }, this.epoch, this.deps.sessionDeps);
      session.expectConnect();
      this.sessions.set(account._id, session);
      sessions.push(session);
    }
    const connects = sessions.map((session) =>
      this.deps.startLimit(async () => {
        if (!this.signal.aborted && this.sessions.get(session.accountId) === session) await session.connect();
      }),
    );
    const headStart = new Promise((resolve) => setTimeout(resolve, CONNECT_HEAD_START_MS).unref());
    await Promise.race([Promise.allSettled(connects), headStart]);
    if (this.signal.aborted) return;
    const { bull } = this.deps;
    const common = {
      connection: bullConnection(bull.redisUrl, 'blocking'),
      lockDuration: bull.lockDuration,
      stalledInterval: bull.stalledInterval,
      // Stalls are re-runs of idempotent jobs; only a job that keeps killing workers should fail.
      maxStalledCount: 10,
    };
    const sendQueue = sendQueueName(this.shard);
    const controlQueue = controlQueueName(this.shard);
    this.workers = [
      new Worker(sendQueue, createSendProcessor(this, this.deps.sendDeps), {
        ...common,
        prefix: queuePrefix(sendQueue),
        concurrency: bull.sendConcurrency,
      }),
      new Worker(controlQueue, createControlProcessor(this, this.deps.controlDeps), {
        ...common,
        prefix: queuePrefix(controlQueue),
        concurrency: bull.controlConcurrency,
      }),
    ];
    for (const worker of this.workers)
      worker.on('error', (error) =>
        this.logger.warn({ err: error, queue: worker.name }, 'queue worker error'),
      );
    this.logger.debug({ accounts: sessions.length }, 'shard started');
  }

  /**
   * Hand the shard over: jobs that have not reached WhatsApp go back to the queue, sends in
   * flight finish, then the sockets close and the accounts read `not_started` until the new
   * owner connects them.
   */
  async stopGracefully(): Promise<void> {
    this.abort.abort(new HandoffError(this.shard));
    // Sends already at WhatsApp get a few seconds to finish; past that the workers close anyway
    // (their jobs' locks lapse and the new owner re-runs them, idempotently), so a SIGTERM
    // still ends within its 10 s even on a starved machine.
    const closing = Promise.all(this.workers.map((worker) => closeWorker(worker, false)));
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), GRACEFUL_JOB_WAIT_MS);
    });
    if ((await Promise.race([closing, patience])) === 'late') {
      this.logger.warn('jobs still running after the grace period; closing the shard anyway');
      await Promise.all(
        this.workers.map((worker) =>
          worker
            .close(true)
            .catch((error) =>
              this.logger.warn({ err: error, queue: worker.name }, 'forced worker close failed'),
            ),
        ),
      );
    }
    clearTimeout(timer);
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((session) => session.stop('not_started', 'handoff')));
  }

  /** The lease is gone: close every socket at once and write nothing more. */
  stopLost(): void {
    this.abort.abort(new HandoffError(this.shard));
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of sessions) void session.stop(undefined);
    for (const worker of this.workers)
      void closeWorker(worker, true).catch((error) =>
        this.logger.warn({ err: error, queue: worker.name }, 'worker close after a lost lease failed'),
      );
  }
}
