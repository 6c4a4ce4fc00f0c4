import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take longest (mostly waiting on timers and sockets) start first, so a fresh clone (no duration cache)
 * does not leave the two-minute recording for last and add its whole length to the run.
 */
const LONG_FIRST = [
  'test/mocks/recorder-two-minutes.test.ts',
  'test/venues/jupiter/connector.test.ts',
  'test/faults/matrix.test.ts',
  'test/browser/board.test.ts',
  'test/venues/aster/coverage.test.ts',
  'test/venues/synfutures/rotation.test.ts',
];

class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? LONG_FIRST.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map((x) => x.f);
  }
}

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
    sequence: { sequencer: LongFirstSequencer },
    reporters: ['default'],
  },
});
