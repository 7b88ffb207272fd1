import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The local stack's admin key: kept in a file (mode 600) so it survives restarts and never hits a log. */
export function readOrCreateApiKey(path: string): string {
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if (key) return key;
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = `wc_${randomBytes(24).toString('base64url')}`;
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}
