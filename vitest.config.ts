import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One graphql realm: Node resolves `graphql` to its CJS main (as in production); Vite would pick index.mjs.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/live/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
