// The baselines of the gateway bench, in their own process: a bare Fastify hello route, and a
// bare route that validates the send body with zod and does one plain queue.add per request (no
// batching, no auth, no idempotency), on the same Redis as the gateway.
import { randomBytes } from 'node:crypto';
import { catalogue, queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { connectRedis } from '@wildcat/redis-bus';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { z } from 'zod';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const shards = Number(process.env.SHARDS ?? 32);
const redis = await connectRedis(redisUrl, 'request');
const queues = new Map<string, Queue>();
for (let shard = 0; shard < shards; shard++) {
  const name = queueFor.send(shard);
  const queue = new Queue(name, { connection: redis, prefix: queuePrefix(name), skipVersionCheck: true });
  await queue.waitUntilReady();
  queues.set(name, queue);
}
const body = z.object({ to: z.string().min(1), message: z.string().min(1) });
const app = Fastify();
app.get('/hello', async () => ({ hello: 'world' }));
app.post<{ Params: { accountId: string } }>('/accounts/:accountId/message/send', async (request, reply) => {
  const { to, message } = body.parse(request.body);
  const { accountId } = request.params;
  const messageId = `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
  const payload = catalogue.send.schema.parse({
    kind: 'text',
    accountId,
    messageId,
    to,
    text: message,
    acceptedAt: Date.now(),
  });
  const queue = queues.get(queueFor.send(shardOf(accountId, shards)));
  await queue?.add(catalogue.send.jobName, payload, { ...catalogue.send.options, jobId: messageId });
  reply.code(202);
  return { ok: true, messageId, status: 'queued' };
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ url: address }));
