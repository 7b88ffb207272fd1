/** Numbers as an operator reads them on the fleet pages. */

const integer = new Intl.NumberFormat('en-US');

export function count(value: number): string {
  return integer.format(value);
}

/** 0.4 → "0.4 s", 75 → "1 min 15 s", 7300 → "2 h 1 min". */
export function duration(seconds: number): string {
  if (seconds < 10) return `${Math.round(seconds * 10) / 10} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '—' : `${Math.round(bytes / 1048576)} MB`;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 1000) / 10}%`;
}
