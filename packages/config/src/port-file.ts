import { renameSync, writeFileSync } from 'node:fs';

/**
 * Tells whoever started the process which port it bound (PORT_FILE): written to a temporary
 * name and renamed, so a reader never sees half a number.
 */
export function writePortFile(path: string | undefined, port: number): void {
  if (!path) return;
  writeFileSync(`${path}.tmp`, String(port));
  renameSync(`${path}.tmp`, path);
}
