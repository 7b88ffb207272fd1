import { defineConfig } from 'tsup';

// Workspace packages are TypeScript source; bundling them makes dist/ runnable by plain node.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@wildcat\//],
});
