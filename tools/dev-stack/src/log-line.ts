const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const NOISE = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'v']);

/**
 * One pino JSON line as a short human line (`12:00:01 INFO listening port=3000`); other lines
 * pass through. The stack shows several processes in one terminal, so brevity wins.
 */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : '';
    const level = LEVELS[record.level as number] ?? String(record.level ?? '');
    const extras = Object.entries(record)
      .filter(([key]) => !NOISE.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return [time, level, record.msg ?? '', extras].filter(Boolean).join(' ');
  } catch {
    // Not a JSON log line (a stack trace, a banner): shown as it is.
    return line;
  }
}
