/** Short local date and time for lists; the full ISO value goes in the `title`/datetime. */
export function shortTime(value: number | string | undefined): string {
  if (value === undefined) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

export function isoTime(value: number | string | undefined): string {
  if (value === undefined) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** "919876543210@s.whatsapp.net" → "+919876543210"; other JIDs as they are. */
export function showJid(jid: string): string {
  const match = /^(\d+)@s\.whatsapp\.net$/.exec(jid);
  return match ? `+${match[1]}` : jid;
}

/** What the user typed in a "to" field → a JID: bare digits become a phone JID. */
export function toJid(input: string): string {
  const trimmed = input.trim();
  if (trimmed.includes('@')) return trimmed;
  const digits = trimmed.replace(/[\s+()-]/g, '');
  return /^\d+$/.test(digits) ? `${digits}@s.whatsapp.net` : trimmed;
}
