import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/** Lowest port picked at random; below are the well-known and usual fixed dev ports. */
const LOWEST = 10_000;
/** Ports this process handed out already: it never hands the same one out twice. */
const handedOut = new Set<number>();

/**
 * Where the kernel draws the local port of every outgoing connection (and of listen(0)). A port
 * picked there can be taken by any client connection (ioredis, BullMQ, HTTP) of any process in
 * the moment between picking it and the server binding it, so picks stay below it where possible.
 */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(low) || 0;
  } catch {
    return 0;
  }
}
const belowEphemeral = ephemeralLow();

function hold(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function release(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function holdOne(): Promise<Server> {
  if (belowEphemeral - LOWEST >= 1000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = LOWEST + Math.floor(Math.random() * (belowEphemeral - LOWEST));
      if (handedOut.has(port)) continue;
      const server = await hold(port);
      if (server) return server;
    }
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const server = await hold(0);
    if (!server) continue;
    if (!handedOut.has(portOf(server))) return server;
    await release(server);
  }
  throw new Error('found no free loopback port');
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * `count` different ports that were free on loopback a moment ago (all held at once while
 * picking, so they differ). Whoever binds them may still lose one to another process: bind
 * failures need a retry on fresh ports (startRedis does that).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index++) servers.push(await holdOne());
    const ports = servers.map(portOf);
    for (const port of ports) handedOut.add(port);
    return ports;
  } finally {
    await Promise.all(servers.map(release));
  }
}

/** A TCP port that was free on loopback a moment ago. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
