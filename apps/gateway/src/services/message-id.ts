import { randomFillSync } from 'node:crypto';

// One synchronous CSPRNG read per send showed up at ≈ 4 % of the gateway's CPU under load
// (bench/RESULTS.md); ids are cut from a 4 KiB pool refilled when used up.
const POOL_BYTES = 4096;
const ID_BYTES = 9;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** A WhatsApp message id as Baileys generates them for web clients: `3EB0` + 18 uppercase hex digits. */
export function newMessageId(): string {
  if (offset + ID_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `3EB0${hex.toUpperCase()}`;
}
