// Baseline for the send bench: a bare Fastify route that validates with zod and calls queue.add
// once per request (no batching, no auth, no idempotency), on the same Redis.
import { loadConfig } from '@wildcat/config';
import { catalogue, queueFor, queuePrefix, shardOf } from '@wildcat/jobs';
import { connectRedis } from '@wildcat/redis-bus';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { z } from 'zod';
import { newMessageId } from '../src/services/message-id.js';

const config = loadConfig(['REDIS_URL', 'PORT', 'SHARDS']);
const redis = await connectRedis(config.REDIS_URL, 'request');
const queues = new Map<string, Queue>();
for (let shard = 0; shard < config.SHARDS; shard++) {
  const name = queueFor.send(shard);
  queues.set(name, new Queue(name, { connection: redis, prefix: queuePrefix(name), skipVersionCheck: true }));
}
const body = z.object({ to: z.string(), message: z.string().min(1) });
const app = Fastify();
app.post<{ Params: { accountId: string } }>('/accounts/:accountId/message/send', async (request, reply) => {
  const { to, message } = body.parse(request.body);
  const { accountId } = request.params;
  const messageId = newMessageId();
  const name = queueFor.send(shardOf(accountId, config.SHARDS));
  const payload = catalogue.send.schema.parse({
    kind: 'text',
    accountId,
    messageId,
    to,
    text: message,
    acceptedAt: Date.now(),
  });
  await queues
    .get(name)
    ?.add(catalogue.send.jobName, payload, { ...catalogue.send.options, jobId: messageId });
  reply.code(202);
  return { ok: true, messageId, status: 'queued' };
});
await app.listen({ host: '127.0.0.1', port: config.PORT });
