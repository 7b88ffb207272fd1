import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the built console (index.html, app.js, app.css) is. From source this is
 * `packages/console/dist`. When a bundler inlines this file into an app's `dist/main.js`,
 * `import.meta.url` is that bundle: then a `console/` folder next to it (an image that copies
 * the build there), or the repository's `packages/console/dist` seen from `apps/<app>/dist/`.
 * When none is built yet, the folder a build from source writes (`pnpm install` builds it), so a
 * server that started first serves it as soon as it exists.
 */
export function consoleDistDir(): string {
  const candidates = [
    new URL('../dist/', import.meta.url),
    new URL('./console/', import.meta.url),
    new URL('../../../packages/console/dist/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(`${dir}index.html`)) return dir;
  }
  // From source the build's own folder; from a bundle the folder beside it (never the bundle's
  // own folder, which holds main.js and its source map).
  const fromSource = import.meta.url.endsWith('/src/index.ts');
  return fileURLToPath((fromSource ? candidates[0] : candidates[1]) as URL);
}

/** The files the build writes; the gateway serves exactly these. */
export const CONSOLE_FILES = ['index.html', 'app.js', 'app.css'] as const;
