import { defineConfig } from 'tsup';

/**
 * The one bundle recipe for every app: workspace packages are TypeScript source, so they are
 * inlined (`noExternal`) and dist/main.js runs under plain node with only npm dependencies beside it.
 */
export const appBundle = defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@wildcat\//],
});
