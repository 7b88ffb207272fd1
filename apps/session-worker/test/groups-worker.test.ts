import { catalogue, queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { EVENTS_STREAM, readStatus, redisOptions } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { scanSandboxQr } from '@wildcat/wa-sandbox';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker;

beforeAll(async () => {
  env = await startEnvironment(4);
  worker = await startInProcessWorker(env, 'groups-1');
  await waitFor(() => worker.worker.ownership.owned().length === 4, { what: 'all shards owned' });
});

afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

async function createPaired(id: string): Promise<string> {
  await env.store.accounts.create({ id });
  await env.waitResult(await env.control({ accountId: id, action: 'connect' }));
  await waitFor(async () => (await readStatus(env.redis, id))?.qr, { what: `${id} QR` });
  const { jid } = await scanSandboxQr(env.redis, id);
  await waitFor(async () => (await readStatus(env.redis, id))?.status === 'connected', {
    what: `${id} connected`,
  });
  return jid;
}

describe('group actions on the owning worker', () => {
  it('stores a created group for every member, publishes events, and never runs a create twice', async () => {
    const aliceJid = await createPaired('alice');
    const bobJid = await createPaired('bob');
    const payload = catalogue.control.schema.parse({
      accountId: 'alice',
      action: 'group-create',
      subject: 'Once',
      participants: [bobJid],
    });
    const name = queueFor.control(shardOf('alice', env.shards));
    const queue = new Queue(name, {
      prefix: queuePrefix(name),
      connection: redisOptions(env.redisUrl, 'blocking'),
    });
    try {
      await queue.add(catalogue.control.jobName, payload, {
        ...catalogue.control.options,
        attempts: 1,
        jobId: 'create-once',
      });
      const first = await env.waitResult('create-once');
      expect(first.ok).toBe(true);
      const group = (first.data as { group: { id: string; owner: string } }).group;
      expect(group.owner).toBe(aliceJid);
      expect(await env.store.groups.get('alice', group.id)).toMatchObject({ subject: 'Once' });
      // bob's copy comes from the notification the network sent him.
      const bobs = await waitFor(() => env.store.groups.get('bob', group.id), { what: "bob's stored group" });
      expect(bobs.participants).toEqual(
        expect.arrayContaining([
          { jid: aliceJid, admin: 'superadmin' },
          { jid: bobJid, admin: null },
        ]),
      );
      const events = (await env.redis.xrange(EVENTS_STREAM, '-', '+')).map(([, fields]) =>
        JSON.parse(fields[1]!),
      );
      expect(
        events.find((event) => event.type === 'group.updated' && event.accountId === 'bob')?.data,
      ).toMatchObject({
        groupId: group.id,
        changes: { subject: 'Once', announce: false, locked: false },
        by: aliceJid,
      });

      // The same job run again (a stalled job re-run after a crash): refused, no second group.
      await queue.remove('create-once');
      env.results.length = 0;
      await queue.add(catalogue.control.jobName, payload, {
        ...catalogue.control.options,
        jobId: 'create-once',
      });
      const second = await env.waitResult('create-once');
      expect(second).toMatchObject({ ok: false, httpStatus: 409 });
      expect(second.error).toMatch(/already ran once/);
      expect(await env.store.groups.list('alice', { limit: 10, skip: 0 })).toHaveLength(1);
      expect(await env.redis.get('wc:{sbx}:group-seq')).toBe('1');
    } finally {
      await queue.close();
    }
  });
});
