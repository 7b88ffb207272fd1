import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirInUseError } from './data-dir-in-use-error.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dataDir>/stack.lock` for this process: two stacks on one data directory would run two
 * devdb servers over the same files and two sets of workers over one Redis. A lock left by a
 * process that no longer exists (kill -9, power loss) is taken over. Resolves the release.
 */
export function lockDataDir(dataDir: string): () => void {
  // A fresh clone has no data directory yet (found by the first-hour test).
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'stack.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        // Only our own lock: a stack that took over a stale one after us keeps its own.
        if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
        throw new DataDirInUseError(dataDir, holder);
      rmSync(path, { force: true });
    }
  }
  throw new DataDirInUseError(dataDir, undefined);
}
