/**
 * ANSI styling only where a person reads a terminal: piped into a file, a CI log or another
 * program, escape codes are noise. NO_COLOR (no-color.org) turns it off everywhere.
 */
export function styled(stream: NodeJS.WriteStream = process.stdout) {
  const on = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const wrap = (code: string) => (text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { cyan: wrap('36'), green: wrap('32'), dim: wrap('2'), bold: wrap('1') };
}
