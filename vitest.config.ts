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
    // Most suites wait on timers and sockets, not CPU: two workers finish in well under the time of the
    // default (cores − 1, i.e. one worker on a 2-core machine) while leaving timing assertions their margin.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
