import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage: string;
  node: string;
}

/** What RESULTS.md says about the box: numbers from a loaded 2-core machine read as ratios. */
export function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    nproc: cpus().length,
    cpuModel,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: loadAverageNow(),
    node: process.version,
  };
}

export function loadAverageNow(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
}
