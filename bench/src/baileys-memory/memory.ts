import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

/** One reading of the process, after two full GCs, in bytes. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  /** V8 heap pages held (used or not): freed JS objects leave their pages here for a while. */
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** /proc/self/smaps_rollup: anonymous memory is malloc + V8; the rest is mapped files. */
  anonymous: number;
  mallocedMemory: number;
  /** Young generation pages (semi-spaces): V8 grows them under allocation load, a fixed cost. */
  newSpace: number;
}

function smapsKiB(field: string): number {
  try {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // not Linux
  }
}

export function measure(): MemoryReading {
  if (!globalThis.gc) throw new Error('run with node --expose-gc');
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    anonymous: smapsKiB('Anonymous'),
    mallocedMemory: getHeapStatistics().malloced_memory,
    newSpace: getHeapSpaceStatistics()
      .filter((space) => space.space_name === 'new_space')
      .reduce((sum, space) => sum + space.space_size, 0),
  };
}

export const mib = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(2));

export function perSession(before: MemoryReading, after: MemoryReading, sessions: number) {
  const per = (key: keyof MemoryReading) => mib((after[key] - before[key]) / sessions);
  return {
    rss: per('rss'),
    heapUsed: per('heapUsed'),
    heapTotal: per('heapTotal'),
    external: per('external'),
    anonymous: per('anonymous'),
    newSpace: per('newSpace'),
    /** RSS minus the V8 heap pages: malloc (sockets, crypto, zlib, Node internals) and stacks. */
    native: mib((after.rss - after.heapTotal - (before.rss - before.heapTotal)) / sessions),
  };
}
