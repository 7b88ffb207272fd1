import type { Cluster, Redis } from 'ioredis';

/** CRC16/XMODEM, the checksum Redis Cluster hashes keys with. */
function crc16(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The Cluster slot of a key: only the `{hash tag}` counts when the key has a non-empty one. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(Buffer.from(key.slice(open + 1, close))) % 16384;
  }
  return crc16(Buffer.from(key)) % 16384;
}

/** One master of a Cluster as this client sees it now: its address and its connection. */
export interface ClusterMaster {
  /** `host:port`, as the cluster announces it. */
  readonly address: string;
  readonly client: Redis;
}

/** The masters of the client's current slot map, with the address serving each key. */
export function clusterMasters(cluster: Cluster): {
  masters: ClusterMaster[];
  addressOf(key: string): string | undefined;
} {
  const masters = cluster.nodes('master').map((client) => ({
    address: `${client.options.host}:${client.options.port}`,
    client,
  }));
  const slots = (cluster as unknown as { slots: Array<string[] | undefined> }).slots;
  return { masters, addressOf: (key) => slots[keySlot(key)]?.[0] };
}
