import { GROUP_ONCE_ACTIONS, type GroupJob } from '@wildcat/jobs';
import { groupResultOf, groupSnapshotOf, type Store } from '@wildcat/store';
import { NotConnectedError, type WaGroups } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { GroupActionRepeatedError } from '../errors/group-action-repeated-error.js';
import type { AccountSession } from '../sessions/account-session.js';
import type { GroupKeeper } from './group-keeper.js';

/** How long a group action waits for its account's socket to open (a reconnect in progress). */
const OPEN_WAIT_MS = 10_000;
/** How long a group job id is remembered as run (BullMQ keeps failed jobs for days; retries come soon). */
const ONCE_TTL_SECONDS = 86_400;

export interface GroupControlDeps {
  store: Store;
  redis: Redis;
  groups?: GroupKeeper;
}

/**
 * Claims a job id for an action that must not run twice (a second group, a second invitation):
 * a stalled job re-run after a worker crash, or a retry, is refused with 409 instead.
 */
export async function claimGroupJob(redis: Redis, action: string, jobId: string): Promise<void> {
  if (!GROUP_ONCE_ACTIONS.has(action)) return;
  const claimed = await redis.set(`wc:group-once:${jobId}`, '1', 'EX', ONCE_TTL_SECONDS, 'NX');
  if (claimed !== 'OK') throw new GroupActionRepeatedError(jobId);
}

async function openGroups(
  session: AccountSession | undefined,
  signal: AbortSignal,
  accountId: string,
): Promise<WaGroups> {
  if (session && !session.isOpen()) await session.waitUntilOpen(OPEN_WAIT_MS, signal);
  const groups = session?.openSocket()?.groups;
  if (!groups) throw new NotConnectedError(accountId);
  return groups;
}

/** Runs one group action on the account's open socket and keeps the stored copy current at once. */
export async function runGroupControl(
  job: GroupJob,
  session: AccountSession | undefined,
  signal: AbortSignal,
  deps: GroupControlDeps,
): Promise<Record<string, unknown>> {
  const { store } = deps;
  const { accountId } = job;
  const groups = await openGroups(session, signal, accountId);
  switch (job.action) {
    case 'group-create': {
      const created = groupSnapshotOf(await groups.create(job.subject, job.participants));
      await store.groups.save(accountId, created);
      return { group: groupResultOf(created) };
    }
    case 'group-metadata': {
      const fetched = groupSnapshotOf(await groups.metadata(job.groupId));
      await store.groups.save(accountId, fetched);
      return { group: groupResultOf(fetched) };
    }
    case 'group-update': {
      const { subject, description, announce, locked } = job;
      const changes = {
        ...(subject !== undefined ? { subject } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(announce !== undefined ? { announce } : {}),
        ...(locked !== undefined ? { locked } : {}),
      };
      await groups.update(job.groupId, changes);
      await store.groups.applyChanges(accountId, job.groupId, changes);
      const stored = await store.groups.get(accountId, job.groupId);
      return { group: groupResultOf(stored ?? groupSnapshotOf(await groups.metadata(job.groupId))) };
    }
    case 'group-participants': {
      const results = await groups.participants(job.groupId, job.change, job.participants);
      const done = results.filter((result) => result.status === 200).map((result) => result.jid);
      if (done.length > 0) await store.groups.applyMembers(accountId, job.groupId, job.change, done);
      return { results };
    }
    case 'group-invite':
      return { code: await groups.inviteCode(job.groupId) };
    case 'group-revoke-invite':
      return { code: await groups.revokeInvite(job.groupId) };
    case 'group-join': {
      const groupId = await groups.join(job.code);
      // Best effort: the joined notification stores it too.
      await groups
        .metadata(groupId)
        .then((metadata) => store.groups.save(accountId, groupSnapshotOf(metadata)))
        .catch(() => undefined);
      return { groupId };
    }
    case 'group-leave':
      await groups.leave(job.groupId);
      await store.groups.remove(accountId, job.groupId);
      return { left: true };
  }
}
