/** One event read from the stream: parsed once per gateway, shared by every client. */
export interface LiveEntry {
  streamId: string;
  type: string;
  accountId: string;
  /** The event envelope as published, sent to clients without re-serialising. */
  json: string;
}

/** An XREAD/XRANGE entry `[id, [field, value, ...]]` → LiveEntry, or undefined if malformed. */
export function toLiveEntry(id: string, fields: readonly string[]): LiveEntry | undefined {
  const index = fields.indexOf('event');
  const json = index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
  if (!json) return undefined;
  try {
    const event = JSON.parse(json) as { type?: unknown; accountId?: unknown };
    if (typeof event.type !== 'string' || typeof event.accountId !== 'string') return undefined;
    return { streamId: id, type: event.type, accountId: event.accountId, json };
  } catch {
    // Not our event JSON: skipped like an entry without a type (the hub and replay both skip).
    return undefined;
  }
}
