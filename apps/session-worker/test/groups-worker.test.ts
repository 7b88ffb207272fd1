import { catalogue, queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { EVENTS_STREAM, redisOptions } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccount, startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker;
/** The worker's log, one parsed JSON object a line, as an operator's collector reads it. */
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  env = await startEnvironment(4);
  worker = await startInProcessWorker(env, 'groups-1', {
    logger: pino(
      { level: 'info' },
      { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
    ),
  });
  await waitFor(() => worker.worker.ownership.owned().length === 4, { what: 'all shards owned' });
});

afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

describe('group actions on the owning worker', () => {
  it('stores a created group for every member, publishes events, and never runs a create twice', async () => {
    const aliceJid = await pairAccount(env, 'alice');
    const bobJid = await pairAccount(env, 'bob');
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
      // An expected refusal is one INFO line with the reason, without a stack.
      const louder = logLines.filter((line) => line.jobId === 'create-once' && line.level !== 30);
      expect(louder).toEqual([]);
      const line = logLines.find((l) => l.jobId === 'create-once' && l.msg === 'control job refused');
      expect(line).toMatchObject({ level: 30, accountId: 'alice', action: 'group-create', httpStatus: 409 });
      expect(JSON.stringify(line)).not.toMatch(/stack|"err"/);
      expect(await env.store.groups.list('alice', { limit: 10, skip: 0 })).toHaveLength(1);
      expect(await env.redis.get('wc:{sbx}:group-seq')).toBe('1');
    } finally {
      await queue.close();
    }
  });
});
