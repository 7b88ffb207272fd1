/** Why a stream was refused: its key or its client address already holds the most allowed. */
export interface StreamRefusal {
  by: 'key' | 'address';
  limit: number;
}

/**
 * Counts the live streams open on this gateway by key and by client address, so one key (or one
 * address cycling through keys) cannot hold thousands of replaying streams and the gateway's
 * memory with them. A slot is taken before the stream opens and given back when it closes.
 */
export class StreamSlots {
  private readonly byKey = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  /** `perKey`/`perAddress` 0 = no cap. */
  constructor(
    private readonly perKey: number,
    private readonly perAddress: number,
  ) {}

  /** A release function (call it once, when the stream closes), or why the stream is refused. */
  acquire(keyId: string | undefined, address: string): (() => void) | StreamRefusal {
    if (this.perAddress > 0 && (this.byAddress.get(address) ?? 0) >= this.perAddress)
      return { by: 'address', limit: this.perAddress };
    if (keyId !== undefined && this.perKey > 0 && (this.byKey.get(keyId) ?? 0) >= this.perKey)
      return { by: 'key', limit: this.perKey };
    bump(this.byAddress, address, 1);
    if (keyId !== undefined) bump(this.byKey, keyId, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.byAddress, address, -1);
      if (keyId !== undefined) bump(this.byKey, keyId, -1);
    };
  }
}

function bump(counts: Map<string, number>, name: string, by: number): void {
  const next = (counts.get(name) ?? 0) + by;
  if (next > 0) counts.set(name, next);
  else counts.delete(name);
}
