import { defineConfig } from 'vitest/config';

/** Opt-in tests against the real venues: `npm run test:live` (sets LIVE=1). Never part of `npm test`. */
export default defineConfig({
  // One graphql realm: Node resolves `graphql` to its CJS main (as in production); Vite would pick index.mjs.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: { include: ['test/live/**/*.test.ts'], testTimeout: 60_000, pool: 'forks' },
});
