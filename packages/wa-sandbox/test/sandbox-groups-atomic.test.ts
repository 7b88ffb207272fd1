import { type PrivateRedis, startRedis, waitFor } from '@wildcat/testkit';
import type { WaGroups } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxEngine, type SandboxEngine, scanSandboxQr } from '../src/index.js';
import { sandboxKeys } from '../src/keys.js';
import { client, connectRecorded } from './helpers.js';

let server: PrivateRedis;
const clients: Redis[] = [];
const engines: SandboxEngine[] = [];

beforeAll(async () => {
  server = await startRedis();
});

afterAll(async () => {
  for (const engine of engines) await engine.close();
  for (const redis of clients) redis.disconnect();
  await server.destroy();
});

/** An account on its own engine and connection, as two workers hold two admins. */
async function paired(accountId: string): Promise<{ jid: string; groups: WaGroups; redis: Redis }> {
  const redis = client(server.url);
  clients.push(redis);
  const engine = createSandboxEngine({ redis });
  engines.push(engine);
  const connected = await connectRecorded(engine, accountId);
  await waitFor(() => connected.log.qrs.length > 0, { what: `${accountId} QR` });
  const { jid } = await scanSandboxQr(redis, accountId);
  await waitFor(() => connected.log.opens.length > 0, { what: `${accountId} open` });
  return { jid, groups: connected.session.groups!, redis };
}

describe('sandbox groups: concurrent changes apply one after the other', () => {
  it('twenty admins-at-once adding one member: one 200, the rest 409, as the server answers', async () => {
    const alice = await paired('atomic-alice');
    const bob = await paired('atomic-bob');
    const carol = await paired('atomic-carol');
    const group = await alice.groups.create('Race', [bob.jid]);
    await alice.groups.participants(group.id, 'promote', [bob.jid]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? bob : alice).groups.participants(group.id, 'add', [carol.jid]),
      ),
    );
    const statuses = answers.map(([result]) => result!.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
  });

  it('a remove and a promote of the same member by two admins never leave a removed member in the group', async () => {
    const alice = await paired('atomic-alice2');
    const bob = await paired('atomic-bob2');
    const carol = await paired('atomic-carol2');
    for (let round = 0; round < 5; round++) {
      const group = await alice.groups.create(`Round ${round}`, [bob.jid, carol.jid]);
      await alice.groups.participants(group.id, 'promote', [bob.jid]);
      const [[removed], [promoted]] = await Promise.all([
        alice.groups.participants(group.id, 'remove', [carol.jid]),
        bob.groups.participants(group.id, 'promote', [carol.jid]),
      ]);
      expect(removed).toEqual({ jid: carol.jid, status: 200 });
      // Promoted first (200) or after the removal (404, no longer in): never re-added.
      expect([200, 404]).toContain(promoted!.status);
      expect(await alice.redis.hexists(sandboxKeys.members(group.id), carol.jid)).toBe(0);
      expect(await alice.redis.sismember(sandboxKeys.groupsOf(carol.jid), group.id)).toBe(0);
      expect((await alice.groups.metadata(group.id)).participants.map((p) => p.jid)).not.toContain(carol.jid);
    }
  });

  it('two invite requests at once make one code, and every code but the current one is dead', async () => {
    const alice = await paired('atomic-alice3');
    const bob = await paired('atomic-bob3');
    const group = await alice.groups.create('Codes', [bob.jid]);
    const codes = await Promise.all(Array.from({ length: 10 }, () => alice.groups.inviteCode(group.id)));
    expect(new Set(codes).size).toBe(1);
    const revoked = await Promise.all([
      alice.groups.revokeInvite(group.id),
      alice.groups.revokeInvite(group.id),
    ]);
    const live = await alice.redis.keys(`${sandboxKeys.invite('')}*`);
    const current = await alice.redis.hget(sandboxKeys.group(group.id), 'invite');
    expect(revoked).toContain(current);
    const pointing = [];
    for (const key of live) if ((await alice.redis.get(key)) === group.id) pointing.push(key);
    expect(pointing).toEqual([sandboxKeys.invite(current!)]);
  });
});
