import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import { appBundle } from '../../tsup.app.js';

const consoleBuild = fileURLToPath(new URL('../../packages/console/dist/', import.meta.url));

// The console's static files travel with the bundle (dist/console), where consoleDistDir() looks
// first from a bundled main.js: the image serves the same console as `pnpm start`.
export default defineConfig({
  ...appBundle,
  async onSuccess() {
    if (existsSync(`${consoleBuild}index.html`)) cpSync(consoleBuild, 'dist/console', { recursive: true });
  },
});
