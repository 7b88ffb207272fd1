import { connectRedis } from '@wildcat/redis-bus';
import { startRedis } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { unavailableBackend } from '../src/services/backend-errors.js';

describe('which errors mean "Redis is unavailable" (503, not 500)', () => {
  it('a pipeline in flight when its server is killed', async () => {
    const server = await startRedis();
    const redis = await connectRedis(server.url, 'request');
    try {
      // A command Redis holds open, so the pipeline is still in flight when the server dies.
      const pending = redis.pipeline().blpop('never-filled', 5).exec();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await server.kill();
      // A pipeline answers each command's error in its place (the send path throws that one).
      const [[error] = [undefined]] = (await pending) ?? [];
      expect(error).toBeInstanceOf(Error);
      expect(unavailableBackend(error)).toBe('redis');
    } finally {
      redis.disconnect();
      await server.destroy();
    }
  });

  it('what ioredis says when a connection or a Cluster fails over under a command', () => {
    for (const message of [
      // A Sentinel/Cluster node connection's in-flight pipeline (seen in the failover e2e as a 500).
      'Command aborted due to connection close',
      'Too many Cluster redirections. Last error: ReplyError: MOVED 1234 127.0.0.1:7001',
      'CLUSTERDOWN The cluster is down',
      'None of startup nodes is available',
    ])
      expect(unavailableBackend(new Error(message)), message).toBe('redis');
    expect(unavailableBackend(new Error('WRONGTYPE Operation against a key'))).toBeUndefined();
  });
});
