import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, VenueError } from '../../src/core/errors.js';
import { num } from '../../src/core/numbers.js';
import { periodicFunding } from '../../src/core/funding.js';
import { LocalBook } from '../../src/venues/aster/book.js';
import { normalizeFunding, normalizeMarkets, levels } from '../../src/venues/aster/normalize.js';
import { parseFrame } from '../../src/venues/aster/stream.js';
import { ExchangeInfo } from '../../src/venues/aster/wire.js';
import { findNonFinite } from '../contract/connector.contract.js';

const SEED = 20261124;
const typed = (e: unknown) => e instanceof DataError || e instanceof VenueError;
const anyValue = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.constantFrom('NaN', 'Infinity', '-1e400', '', ' ', '0x10', '1e-7'),
);

describe('property tests (fixed seed, bounded runs)', () => {
  it('num() returns a finite number or throws a typed error, never NaN/Infinity', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        try {
          expect(Number.isFinite(num(v, 'x'))).toBe(true);
        } catch (e) {
          expect(typed(e)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('funding conversion never yields NaN/Infinity and rejects bad intervals with a typed error', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (rate, hours) => {
        try {
          const f = periodicFunding({
            market: 'aster:BTC-USD-PERP',
            venue: 'aster',
            stamp: { asOf: 0, slaMs: 1, source: 'LIVE' },
            rate,
            intervalHours: hours,
            intervalSource: 'VENUE_API',
          });
          expect(findNonFinite(f)).toBeNull();
        } catch (e) {
          expect(typed(e)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('Aster funding normalizer: random payload fields never throw untyped errors or produce non-finite values', () => {
    fc.assert(
      fc.property(anyValue, anyValue, fc.integer({ min: -5, max: 48 }), (rate, next, hours) => {
        try {
          const f = normalizeFunding(
            'aster:X-USD-PERP',
            { lastFundingRate: rate, nextFundingTime: next },
            { hours, source: 'VENUE_API', cap: null, floor: null },
            { asOf: 0, slaMs: 1, source: 'LIVE' },
          );
          expect(findNonFinite(f)).toBeNull();
        } catch (e) {
          expect(typed(e)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('Aster exchangeInfo: arbitrary JSON either fails validation (zod) or normalizes to finite, canonical markets', () => {
    const sym = fc.record({
      symbol: fc.string({ maxLength: 8 }),
      contractType: fc.constantFrom('PERPETUAL', 'CURRENT_QUARTER', undefined),
      status: fc.constantFrom('TRADING', 'SETTLING', 'x'),
      baseAsset: fc.option(fc.stringMatching(/^[A-Z]{1,6}$/), { nil: undefined }),
      quoteAsset: fc.constantFrom('USDT', 'USDC'),
      filters: fc.array(
        fc.record({
          filterType: fc.constantFrom('PRICE_FILTER', 'LOT_SIZE', 'MIN_NOTIONAL'),
          tickSize: anyValue,
          stepSize: anyValue,
          notional: anyValue,
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.oneof(fc.record({ symbols: fc.array(sym, { maxLength: 5 }) }), fc.anything()), (payload) => {
        const parsed = ExchangeInfo.safeParse(payload);
        if (!parsed.success) return;
        try {
          const m = normalizeMarkets(parsed.data, { fees: null, brackets: null });
          for (const x of m.values()) expect(x.id).toMatch(/^aster:[A-Z0-9.]+-USD-PERP$/);
          expect(findNonFinite([...m.values()])).toBeNull();
        } catch (e) {
          expect(typed(e)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('stream frames: any text parses to a typed message, never throws; books fed random diffs are never crossed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(['mark', 'depth', 'other', 'malformed']).toContain(parseFrame(text).kind);
      }),
      { seed: SEED, numRuns: 500 },
    );
    const lv = fc.array(
      fc.tuple(
        fc.double({ min: 90, max: 110, noNaN: true }).map((x) => x.toFixed(2)),
        fc.double({ min: 0, max: 5, noNaN: true }).map((x) => (x < 0.5 ? '0' : x.toFixed(3))),
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(lv, lv), { minLength: 1, maxLength: 30 }), (diffs) => {
        const b = new LocalBook();
        b.snapshot(
          10,
          [
            [99, 1],
            [98, 1],
          ],
          [
            [101, 1],
            [102, 1],
          ],
        );
        let u = 10;
        for (const [bids, asks] of diffs) {
          b.apply({ U: u + 1, u: u + 2, pu: u, E: 0, b: bids as Array<[string, string]>, a: asks as Array<[string, string]> });
          u += 2;
          const t = b.top(5);
          if (t.bids[0] && t.asks[0]) expect(t.bids[0][0]).toBeLessThan(t.asks[0][0]);
          const l = levels(t.bids, 5, 'b');
          expect(findNonFinite(l)).toBeNull();
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
