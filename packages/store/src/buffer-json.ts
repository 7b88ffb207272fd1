/**
 * JSON that keeps Buffers and Uint8Arrays, in the shape Baileys' BufferJSON uses
 * (`{ type: 'Buffer', data: '<base64>' }`), so stored auth state reads back byte-exact.
 */
export function encodeBufferJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key, plain) {
    const original = this[key];
    if (Buffer.isBuffer(original) || original instanceof Uint8Array) {
      return { type: 'Buffer', data: Buffer.from(original).toString('base64') };
    }
    if (plain && typeof plain === 'object' && plain.type === 'Buffer' && Array.isArray(plain.data)) {
      return { type: 'Buffer', data: Buffer.from(plain.data).toString('base64') };
    }
    return plain;
  });
}

export function decodeBufferJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, value) => {
    if (value && typeof value === 'object' && value.type === 'Buffer') {
      if (typeof value.data === 'string') return Buffer.from(value.data, 'base64');
      if (Array.isArray(value.data)) return Buffer.from(value.data);
    }
    return value;
  }) as T;
}
