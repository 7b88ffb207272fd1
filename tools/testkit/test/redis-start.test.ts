import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { askRedis } from '../src/ask-redis.js';
import { freePorts } from '../src/free-port.js';
import { type PrivateRedis, startRedis } from '../src/redis-server.js';

// Another process holding a port: a plain listener that accepts and never answers.
async function occupy(port = 0): Promise<Server> {
  const server = createServer((socket) => {
    accepted.add(socket);
    socket.on('close', () => accepted.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
const accepted = new Set<Socket>();

/** close() waits for open connections: the ones it never answered are dropped first. */
function release(server: Server): Promise<void> {
  for (const socket of accepted) socket.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

function portOf(server: Server): number {
  return (server.address() as { port: number }).port;
}

/** Hands out `first` on the first call, then free ports: a pick another process took meanwhile. */
function takenFirst(first: (count: number) => number[]) {
  const calls: number[][] = [];
  const pick = async (count: number) => {
    const ports = calls.length === 0 ? first(count) : await freePorts(count);
    calls.push(ports);
    return ports;
  };
  return { pick, calls };
}

async function pidOf(port: number): Promise<number> {
  return Number(/process_id:(\d+)/.exec(String(await askRedis(port, 'INFO', 'server')))?.[1]);
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function owned<T extends Server | PrivateRedis>(thing: T): T {
  cleanups.push(() =>
    'destroy' in thing ? thing.destroy() : thing.listening ? release(thing) : Promise.resolve(),
  );
  return thing;
}

describe('startRedis on a port another process holds', () => {
  it('fails fast on a given port, with redis-server output naming the reason', async () => {
    const holder = owned(await occupy());
    const started = Date.now();
    const error = await startRedis({ port: portOf(holder) })
      .then(owned)
      .catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`port ${portOf(holder)}`);
    expect((error as Error).message).toMatch(/bind: Address already in use/);
    expect((error as Error).message).toMatch(/ss -ltnp/);
    // Not the 10 s PING timeout: it exits at once and that is reported at once.
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('does not take a PONG from the other redis-server on that port for its own start', async () => {
    const other = owned(await startRedis());
    const error = await startRedis({ port: other.port })
      .then(owned)
      .catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/Address already in use/);
    expect(await askRedis(other.port, 'PING')).toBe('PONG');
  });

  it('reports the output when a restart on its own port finds the port taken', async () => {
    const redis = owned(await startRedis());
    await redis.stop();
    const holder = owned(await occupy(redis.port));
    await expect(redis.start()).rejects.toThrow(/Address already in use/);
    await release(holder);
    await redis.start();
    expect(await askRedis(redis.port, 'PING')).toBe('PONG');
  });
});

describe('startRedis on a self-picked port', () => {
  it('starts again on a fresh port when the picked one was taken before it bound', async () => {
    const holder = owned(await occupy());
    const { pick, calls } = takenFirst(() => [portOf(holder)]);
    const redis = owned(await startRedis({ pickPorts: pick }));
    expect(calls).toHaveLength(2);
    expect(redis.port).toBe(calls[1]![0]);
    expect(redis.port).not.toBe(portOf(holder));
    expect(await askRedis(redis.port, 'SET', 'k', 'v')).toBe('OK');
    // The port stays its own: a restart comes back on it.
    await redis.stop();
    await redis.start();
    expect(await askRedis(redis.port, 'PING')).toBe('PONG');
  });

  it('picks a new node and bus port pair when a cluster node finds its bus port taken', async () => {
    const holder = owned(await occupy());
    const [nodePort] = await freePorts(1);
    const { pick, calls } = takenFirst(() => [nodePort!, portOf(holder)]);
    const node = owned(
      await startRedis({ pickPorts: pick, clusterBus: true, extraArgs: ['--cluster-enabled', 'yes'] }),
    );
    expect(calls).toHaveLength(2);
    expect([node.port, node.clusterPort]).toEqual(calls[1]);
    expect(await askRedis(node.port, 'CONFIG', 'GET', 'cluster-port')).toEqual([
      'cluster-port',
      String(node.clusterPort),
    ]);
    expect(await pidOf(node.port)).toBeGreaterThan(0);
  });

  it('gives up after a few attempts when every pick is taken, with the output', async () => {
    const holder = owned(await occupy());
    let picks = 0;
    const pick = async () => {
      picks++;
      return [portOf(holder)];
    };
    await expect(startRedis({ pickPorts: pick }).then(owned)).rejects.toThrow(/Address already in use/);
    expect(picks).toBe(5);
  });
});

describe('freePorts', () => {
  it('picks distinct ports below the range outgoing connections draw their local port from', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) expect(port).toBeLessThan(Number(low));
  });
});
