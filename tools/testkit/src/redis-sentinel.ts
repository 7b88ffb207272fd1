import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askRedis } from './ask-redis.js';
import { freePort } from './free-port.js';
import type { RedisEnv } from './redis-cluster.js';
import {
  haltRedis,
  type RedisProcess,
  RedisStartError,
  spawnRedis,
  waitUntilServing,
} from './redis-process.js';
import { type PrivateRedis, startRedis } from './redis-server.js';
import { waitFor } from './wait-for.js';

export const SENTINEL_NAME = 'wildcat';

export interface PrivateRedisSentinel {
  /** The primary at the start, then its replica. */
  readonly servers: readonly PrivateRedis[];
  readonly sentinelPorts: readonly number[];
  readonly env: RedisEnv;
  /** The server the sentinels name as primary now. */
  primary(): Promise<PrivateRedis>;
  /**
   * kill -9 of the primary, then waits until the sentinels promoted the replica; resolves the ms it
   * took. With `rejoin`, then starts the killed server again as a replica of the new primary and
   * waits until it is in sync.
   */
  killPrimary(options?: { rejoin?: boolean }): Promise<number>;
  destroy(): Promise<void>;
}

function sentinelAsk(port: number, ...args: string[]): Promise<unknown> {
  return askRedis(port, 'SENTINEL', ...args);
}

/**
 * A primary, one replica and three sentinels (quorum 2) on free loopback ports; a primary that
 * stops answering for 1 s is failed over. AOF with fsync always on both servers.
 */
export async function startRedisSentinel(): Promise<PrivateRedisSentinel> {
  const root = mkdtempSync(join(tmpdir(), 'wildcat-redis-sentinel-'));
  // A replica (re)joining syncs at once instead of after 5 s.
  const quickSync = ['--repl-diskless-sync-delay', '0'];
  const primary = await startRedis({ appendOnly: true, extraArgs: quickSync });
  const replica = await startRedis({
    appendOnly: true,
    extraArgs: [...quickSync, '--replicaof', '127.0.0.1', String(primary.port)],
  });
  const servers = [primary, replica];
  const sentinels: RedisProcess[] = [];
  const sentinelPorts: number[] = [];
  const stopAll = async () => {
    await Promise.all(sentinels.map((sentinel) => haltRedis(sentinel)));
    await Promise.all(servers.map((server) => server.destroy()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < 3; index++) {
      const { sentinel, port } = await startSentinel(root, index, primary.port);
      sentinels.push(sentinel);
      sentinelPorts.push(port);
    }
    // Ready once the replica is in sync and every sentinel knows it and the two other sentinels.
    await waitFor(
      async () => {
        if (!(await replicationOf(replica.port)).includes('master_link_status:up')) return false;
        for (const port of sentinelPorts) {
          const replicas = (await sentinelAsk(port, 'REPLICAS', SENTINEL_NAME)) as unknown[];
          const peers = (await sentinelAsk(port, 'SENTINELS', SENTINEL_NAME)) as unknown[];
          if (replicas.length < 1 || peers.length < 2) return false;
        }
        return true;
      },
      { what: 'three sentinels that know the replica and each other', timeoutMs: 20_000, intervalMs: 100 },
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  async function primaryNow(): Promise<PrivateRedis> {
    for (const port of sentinelPorts) {
      const reply = (await sentinelAsk(port, 'GET-MASTER-ADDR-BY-NAME', SENTINEL_NAME).catch(() => null)) as
        | [string, string]
        | null;
      const server = servers.find((candidate) => candidate.port === Number(reply?.[1]));
      if (server) return server;
    }
    throw new Error('no sentinel names a primary');
  }

  return {
    servers,
    sentinelPorts,
    env: {
      REDIS_URL: primary.url,
      REDIS_SENTINELS: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
      REDIS_SENTINEL_NAME: SENTINEL_NAME,
    },
    primary: primaryNow,
    async killPrimary({ rejoin = false } = {}) {
      const old = await primaryNow();
      const started = Date.now();
      await old.kill();
      await waitFor(
        async () => {
          const now = await primaryNow();
          if (now === old) return false;
          return (await replicationOf(now.port)).includes('role:master');
        },
        { what: 'the sentinels to promote the replica', timeoutMs: 30_000, intervalMs: 50 },
      );
      const promotedMs = Date.now() - started;
      if (rejoin) {
        await old.start();
        const now = await primaryNow();
        // What the sentinels would tell it once they notice it (up to 10 s on their INFO round),
        // and what an orchestrator restarting it with the sentinels' current view does at once.
        await askRedis(old.port, 'REPLICAOF', '127.0.0.1', String(now.port));
        await waitFor(async () => (await replicationOf(now.port)).includes('state=online'), {
          what: 'the old primary back as a replica of the new one',
          timeoutMs: 30_000,
        });
      }
      return promotedMs;
    },
    destroy: stopAll,
  };
}

async function replicationOf(port: number): Promise<string> {
  return String(await askRedis(port, 'INFO', 'replication'));
}

/** One sentinel on a free port; a port another process took before it bound is picked again. */
async function startSentinel(
  root: string,
  index: number,
  primaryPort: number,
): Promise<{ sentinel: RedisProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const file = join(root, `sentinel-${index}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        'protected-mode no',
        `dir ${root}`,
        `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_NAME} 1000`,
        `sentinel failover-timeout ${SENTINEL_NAME} 5000`,
        `sentinel parallel-syncs ${SENTINEL_NAME} 1`,
        '',
      ].join('\n'),
    );
    const sentinel = spawnRedis('redis-server', [file, '--sentinel', '--loglevel', 'warning']);
    try {
      await waitUntilServing(sentinel, port, { what: 'redis-sentinel', binary: 'redis-server' });
      return { sentinel, port };
    } catch (error) {
      await haltRedis(sentinel);
      if (!(error instanceof RedisStartError && error.addressInUse) || attempt >= 5) throw error;
    }
  }
}
