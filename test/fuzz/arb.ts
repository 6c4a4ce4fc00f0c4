/**
 * Shared arbitraries and checks for the property tests. Every property runs with the fixed SEED and a bounded
 * number of runs, so `npm test` is deterministic and fast; set FUZZ_RUNS to explore more locally
 * (e.g. `FUZZ_RUNS=20000 npx vitest run test/fuzz`), and FUZZ_SEED to try another seed.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { DataError, VenueError } from '../../src/core/errors.js';
import type { OrderBook } from '../../src/core/types.js';
import { findNonFinite } from '../contract/connector.contract.js';

export const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const SCALE = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) / 300 : 1;

/** fast-check parameters: fixed seed, `runs` scaled by FUZZ_RUNS. */
export const params = (runs: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(runs * SCALE)) });

/** The errors a normalizer may throw on bad input: typed, with a code from the closed set. */
export const isTyped = (e: unknown): boolean => e instanceof DataError || e instanceof VenueError;

/** Run `f`; a thrown error must be typed. Returns the value or undefined. */
export function typedOrValue<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!isTyped(e)) throw new Error(`untyped error: ${String(e)}`, { cause: e });
    return undefined;
  }
}

/** Numbers as venues send them, plus the edge cases that break parsers. */
export const numberish = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '-1e400',
    '',
    ' ',
    '0x10',
    '1e-7',
    '0',
    '-0',
    '00.10',
    '1_000',
    '5e-324',
    '1.7976931348623157e308',
  ),
);

/** Anything a malformed payload field could hold. */
export const anyValue = fc.oneof(
  numberish,
  fc.string({ maxLength: 12 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

/** A book with finite numbers, not crossed, best first (equal prices tolerated), positive sizes. */
export function expectSaneBook(b: OrderBook): void {
  expect(findNonFinite(b)).toBeNull();
  const bb = b.bids[0]?.price;
  const ba = b.asks[0]?.price;
  if (bb !== undefined && ba !== undefined) expect(bb).toBeLessThan(ba);
  for (let i = 1; i < b.bids.length; i++) expect(b.bids[i]!.price).toBeLessThanOrEqual(b.bids[i - 1]!.price);
  for (let i = 1; i < b.asks.length; i++) expect(b.asks[i]!.price).toBeGreaterThanOrEqual(b.asks[i - 1]!.price);
  for (const l of [...b.bids, ...b.asks]) expect(l.size).toBeGreaterThan(0);
}

export { findNonFinite };
