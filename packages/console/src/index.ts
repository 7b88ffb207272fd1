import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the built console (index.html, app.js, app.css) is. From source this is
 * `packages/console/dist`. When a bundler inlines this file into an app's `dist/main.js`,
 * `import.meta.url` is that bundle: then a `console/` folder next to it (an image that copies
 * the build there), or the repository's `packages/console/dist` seen from `apps/<app>/dist/`.
 * Undefined when the console has not been built (`pnpm --filter @wildcat/console build`).
 */
export function consoleDistDir(): string | undefined {
  const candidates = [
    new URL('../dist/', import.meta.url),
    new URL('./console/', import.meta.url),
    new URL('../../console/dist/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

/** The files the build writes; the gateway serves exactly these. */
export const CONSOLE_FILES = ['index.html', 'app.js', 'app.css'] as const;
