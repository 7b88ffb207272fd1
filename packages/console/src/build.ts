import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Browser code is bundled and minified into one small script; the HTML and CSS are copied as
// they are. No inline script anywhere, so the page runs under a strict CSP.
const STYLESHEET_PARTS = ['base.css', 'views.css', 'fleet.css', 'accounts.css'] as const;
const src = fileURLToPath(new URL('./', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// uPlot ships no `exports` map: its stylesheet is found beside its entry file.
const UPLOT_CSS = createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css');

export async function buildConsole(outDir = dist): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [`${src}app/main.ts`],
    outfile: `${outDir}/app.js`,
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(`${src}static/index.html`, `${outDir}/index.html`);
  // One stylesheet for the page, kept in the source as parts of one job each, in this order,
  // after the chart library's own small stylesheet (ours may override it).
  const css = [
    readFileSync(UPLOT_CSS, 'utf8'),
    ...STYLESHEET_PARTS.map((part) => readFileSync(`${src}static/${part}`, 'utf8')),
  ].join('\n');
  writeFileSync(`${outDir}/app.css`, css);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildConsole();
}
