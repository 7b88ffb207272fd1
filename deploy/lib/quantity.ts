const SUFFIXES: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

/** A Kubernetes resource quantity (`250m`, `1`, `512Mi`) as a number; NaN when it is not one. */
export function parseQuantity(quantity: string | number | undefined): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(quantity ?? '');
  const factor = match ? SUFFIXES[match[2]!] : undefined;
  return match && factor !== undefined ? Number(match[1]) * factor : Number.NaN;
}
