import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const baileysDir = dirname(createRequire(import.meta.url).resolve('@whiskeysockets/baileys/package.json'));

/** `patchedDependencies` of pnpm-workspace.yaml: `'name@version': patches/file.patch` lines. */
function patchedDependencies(): Map<string, string> {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const section = yaml.split(/^patchedDependencies:\s*$/m)[1] ?? '';
  const entries = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^\s+'?([^':]+@[^':]+)'?:\s*(\S+)/.exec(line);
    if (match) entries.set(match[1]!, match[2]!);
    else if (/^\S/.test(line)) break;
  }
  return entries;
}

// The adapter's "stored before the receipt" guarantee lives in a patch of one exact Baileys
// version: a Baileys upgrade must come with the patch re-applied to it (pnpm patch).
describe('Baileys receipt patch', () => {
  it('patches exactly the installed Baileys version, and the installed copy carries the hook', () => {
    const installed = JSON.parse(readFileSync(join(baileysDir, 'package.json'), 'utf8')).version as string;
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    expect(manifest.dependencies['@whiskeysockets/baileys']).toBe(installed);
    const patch = patchedDependencies().get(`@whiskeysockets/baileys@${installed}`);
    expect(patch, `pnpm-workspace.yaml patchedDependencies for Baileys ${installed}`).toBeDefined();
    expect(readFileSync(join(root, patch!), 'utf8')).toContain('config.beforeReceipt');
    const recv = readFileSync(join(baileysDir, 'lib', 'Socket', 'messages-recv.js'), 'utf8');
    const hook = recv.indexOf('await config.beforeReceipt(msg');
    expect(hook, 'the hook in lib/Socket/messages-recv.js').toBeGreaterThan(0);
    // Awaited before the delivery receipt, not after it.
    expect(recv.indexOf('await sendReceipt(receiptJid', hook)).toBeGreaterThan(hook);
  });
});
