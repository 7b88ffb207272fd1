import { readFileSync } from 'node:fs';

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (Linux). */
export function processCpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces) start at the state, field 3: utime is
  // field 14 and stime field 15, in clock ticks (100 a second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
