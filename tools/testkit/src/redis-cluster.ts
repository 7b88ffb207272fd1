import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { askRedis } from './ask-redis.js';
import { type PrivateRedis, startRedis } from './redis-server.js';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);

/** The REDIS_* environment that points a process at a test deployment. */
export type RedisEnv = Record<'REDIS_URL', string> &
  Partial<Record<'REDIS_CLUSTER_NODES' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME', string>>;

export interface RedisClusterOptions {
  /** Replicas per master: 1 (default, failover tests) or 0 (three bare masters, benchmarks). */
  replicas?: 0 | 1;
  /** AOF with fsync always (default true); false measures Redis, not the disk. */
  appendOnly?: boolean;
}

export interface PrivateRedisCluster {
  /** The redis-server processes: three masters, then one replica of each unless `replicas: 0`. */
  readonly nodes: readonly PrivateRedis[];
  /** `127.0.0.1:port,...` of every node (REDIS_CLUSTER_NODES). */
  readonly seeds: string;
  readonly env: RedisEnv;
  /** The node serving a key's slot as a master now. */
  masterOf(key: string): Promise<PrivateRedis>;
  /**
   * kill -9 of the master serving `key`, then waits until its replica took over the slot and the
   * cluster is whole again; resolves how long that took (ms). With `rejoin`, then starts the
   * killed node again, as an orchestrator would, and waits until it serves the new master as an
   * in-sync replica.
   */
  killMasterOf(key: string, options?: { rejoin?: boolean }): Promise<number>;
  destroy(): Promise<void>;
}

async function ask(port: number, command: string, ...args: string[]): Promise<string> {
  return String(await askRedis(port, command, ...args));
}

/**
 * A private Redis Cluster on free loopback ports: 3 masters + 3 replicas (`redis-server
 * --cluster-enabled yes`, then `redis-cli --cluster create --cluster-replicas 1`), AOF with
 * fsync always, and a 2 s node timeout so a killed master's replica takes over within seconds.
 * `options` make it three bare masters without AOF (the scale-out benchmark).
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<PrivateRedisCluster> {
  const replicas = options.replicas ?? 1;
  const root = mkdtempSync(join(tmpdir(), 'wildcat-redis-cluster-'));
  const nodes: PrivateRedis[] = [];
  try {
    for (let index = 0; index < 3 * (1 + replicas); index++) {
      const dir = mkdtempSync(join(root, `node-${index}-`));
      nodes.push(
        await startRedis({
          appendOnly: options.appendOnly ?? true,
          dir,
          // A bus port picked together with the node port (so the two differ, and neither is
          // port+10000 unchecked), both picked again when another process took one first.
          clusterBus: true,
          extraArgs: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, 'nodes.conf'),
            '--cluster-node-timeout',
            '2000',
            // A replica with a stale link still takes over: the test kills masters on purpose.
            '--cluster-replica-validity-factor',
            '0',
            // A replica (re)joining syncs at once instead of after 5 s.
            '--repl-diskless-sync-delay',
            '0',
          ],
        }),
      );
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    await waitFor(
      async () =>
        (await Promise.all(nodes.map(async (node) => healthy(node.port, replicas * 3)))).every(Boolean),
      {
        what: `the Redis Cluster to agree on 3 masters with ${replicas} replica(s) each`,
        timeoutMs: 20_000,
        intervalMs: 100,
      },
    );
  } catch (error) {
    await Promise.all(nodes.map((node) => node.destroy()));
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const seeds = nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
  const alive = new Set(nodes);

  async function masterOf(key: string): Promise<PrivateRedis> {
    for (const node of alive) {
      const slot = Number(await ask(node.port, 'CLUSTER', 'KEYSLOT', key).catch(() => 'NaN'));
      if (!Number.isInteger(slot)) continue;
      const slots = (await slotsOf(node.port)) as Array<[number, number, [string, number]]>;
      const range = slots.find(([from, to]) => slot >= from && slot <= to);
      const port = range?.[2][1];
      const master = nodes.find((candidate) => candidate.port === port);
      if (master) return master;
    }
    throw new Error(`no live node knows the master of ${key}`);
  }

  return {
    nodes,
    seeds,
    env: { REDIS_URL: `redis://127.0.0.1:${nodes[0]!.port}`, REDIS_CLUSTER_NODES: seeds },
    masterOf,
    async killMasterOf(key, { rejoin = false } = {}) {
      const master = await masterOf(key);
      const started = Date.now();
      await master.kill();
      alive.delete(master);
      await waitFor(
        async () => {
          const now = await masterOf(key).catch(() => undefined);
          if (!now || now === master) return false;
          return (await ask(now.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok');
        },
        { what: `a replica to take over ${key}`, timeoutMs: 30_000, intervalMs: 50 },
      );
      const promotedMs = Date.now() - started;
      if (rejoin) {
        await master.start();
        alive.add(master);
        const now = await masterOf(key);
        await waitFor(async () => (await ask(now.port, 'INFO', 'replication')).includes('state=online'), {
          what: `the killed node back as a replica of the master of ${key}`,
          timeoutMs: 30_000,
        });
      }
      return promotedMs;
    },
    async destroy() {
      await Promise.all(nodes.map((node) => node.destroy()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function slotsOf(port: number): Promise<unknown> {
  return askRedis(port, 'CLUSTER', 'SLOTS');
}

/** All slots served, and every node sees 3 connected masters and `expectedReplicas` connected replicas. */
async function healthy(port: number, expectedReplicas: number): Promise<boolean> {
  if (!(await ask(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok')) return false;
  const lines = (await ask(port, 'CLUSTER', 'NODES')).trim().split('\n');
  const connected = lines.filter((line) => line.includes(' connected') && !line.includes('fail'));
  const masters = connected.filter((line) => line.includes('master')).length;
  const replicas = connected.filter((line) => line.includes('slave')).length;
  if (masters !== 3 || replicas !== expectedReplicas) return false;
  // A replica counts once its replication link is up (its first sync done).
  const replication = await ask(port, 'INFO', 'replication');
  return !replication.includes('role:slave') || replication.includes('master_link_status:up');
}
