/** FNV-1a, 32 bit: stable across processes and languages, so every process agrees on an account's shard. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function shardOf(accountId: string, shards: number): number {
  return fnv1a(accountId) % shards;
}

/** Two digits at least, so queue names sort in shard order in Bull Board. */
export function shardLabel(shard: number): string {
  return String(shard).padStart(2, '0');
}
