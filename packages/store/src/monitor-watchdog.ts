import type { MongoClient } from 'mongodb';

/** The part of the driver's server monitor the watchdog restarts (not in the driver's typings). */
interface ServerMonitor {
  close(): void;
  connect(): void;
}

interface TopologyInternals {
  topology?: { s?: { servers?: Map<string, { monitor?: ServerMonitor | null }> } };
}

/**
 * Restarts a server monitor of `client` whose check neither succeeded nor failed within
 * `stuckMs` (set it above connectTimeoutMS + heartbeatFrequencyMS, the longest a check can
 * take). Seen with driver 7.8 when the database restarts (the e2e devdb outage, 1 run in 3 on a
 * loaded machine): the check started as the server went away never ended, the server stayed
 * "unknown" with the error of its last operation, and from then on every operation of the
 * process failed server selection ("connection N … closed") until the process restarted.
 * Resolves a stop function.
 */
export function watchServerMonitors(
  client: MongoClient,
  stuckMs: number,
  onRestart: (address: string, stuckForMs: number) => void,
): () => void {
  const checking = new Map<string, number>();
  client.on('serverHeartbeatStarted', (event) => void checking.set(event.connectionId, Date.now()));
  client.on('serverHeartbeatSucceeded', (event) => void checking.delete(event.connectionId));
  client.on('serverHeartbeatFailed', (event) => void checking.delete(event.connectionId));
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const [address, since] of checking) {
        if (now - since < stuckMs) continue;
        const servers = (client as unknown as TopologyInternals).topology?.s?.servers;
        const monitor = servers?.get(address)?.monitor;
        checking.delete(address);
        if (!monitor) continue;
        onRestart(address, now - since);
        // close() drops the hung check (its connection and timers); connect() starts checking
        // again at once, and the first answer makes the server selectable again.
        monitor.close();
        monitor.connect();
      }
    },
    Math.max(100, Math.floor(stuckMs / 4)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
