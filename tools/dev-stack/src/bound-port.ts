import { readFileSync } from 'node:fs';
import type { ManagedProcess } from './managed-process.js';

/**
 * The port an app process bound, from the PORT_FILE it writes once listening: processes start on
 * port 0, so two of them can never be handed the same "free" port (guessing one first and binding
 * it later failed about one start in four with EADDRINUSE).
 */
export async function boundPort(child: ManagedProcess, portFile: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running) break;
    try {
      const port = Number(readFileSync(portFile, 'utf8'));
      if (Number.isInteger(port) && port > 0) return port;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `${child.name} did not start listening (${child.running ? 'timed out' : 'exited'}):\n${child.recentOutput.slice(-30).join('\n')}`,
  );
}
