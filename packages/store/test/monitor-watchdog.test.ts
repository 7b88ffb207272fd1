import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDevdb } from '@wildcat/devdb';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { watchServerMonitors } from '../src/monitor-watchdog.js';

/** A server that takes connections and never answers: a check sent to it hangs until its timeout. */
async function silentServer(port: number): Promise<{ server: Server; held: Socket[] }> {
  const held: Socket[] = [];
  const server = createServer((socket) => void held.push(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, held };
}

// A server check that hangs keeps the server "unknown", and every operation fails server
// selection until the check ends: with the driver's own bound (connectTimeoutMS, here 60 s) or,
// as seen after a database restart, never. The watchdog restarts the monitor of a check that
// outlives `stuckMs`, so operations pass again soon after the database is back.
describe('server monitor watchdog', () => {
  it('restarts a hung server check, so operations pass again once the database is back', async () => {
    const first = await startDevdb({ quiet: true });
    const port = first.port;
    const client = await new MongoClient(first.url, {
      connectTimeoutMS: 60_000,
      heartbeatFrequencyMS: 500,
      serverSelectionTimeoutMS: 500,
      retryWrites: false,
    }).connect();
    const restarts: string[] = [];
    const stop = watchServerMonitors(client, 1_500, (address) => void restarts.push(address));
    const probe = () => client.db('watchdog').collection('probe').insertOne({ at: Date.now() });
    await probe();

    // The database goes away and something that never answers takes its port: the next check hangs.
    await first.close();
    const silent = await silentServer(port);
    while (silent.held.length === 0) await probe().catch(() => sleep(100));
    // The database comes back on its port; the hung check still waits on the silent connection.
    // Stops listening at once; its callback would wait for the held connections to end.
    silent.server.close();
    const second = await startDevdb({ quiet: true, port });
    const backAt = Date.now();
    let passed = false;
    while (!passed && Date.now() - backAt < 15_000)
      passed = await probe().then(
        () => true,
        () => sleep(200).then(() => false),
      );

    stop();
    for (const socket of silent.held) socket.destroy();
    await client.close();
    await second.close();
    expect(passed, 'an insert passed within 15 s of the database coming back').toBe(true);
    expect(restarts).toEqual([`127.0.0.1:${port}`]);
  }, 60_000);
});
