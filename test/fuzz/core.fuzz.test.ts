/** Property tests over the core parsers every normalizer uses: core/numbers.ts and core/funding.ts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annualize,
  borrowOnly,
  continuousFunding,
  fundingPlusBorrowPctPerHour,
  paymentsPerYear,
  percentToFraction,
  perHour,
  periodicFunding,
  receiverRate,
} from '../../src/core/funding.js';
import { finiteOrNull, num, numOrNull } from '../../src/core/numbers.js';
import { anyValue, findNonFinite, numberish, params, typedOrValue } from './arb.js';
import { EXAMPLE_MARKET_ID } from '../../src/core/symbols.js';
import { VENUES } from '../../src/venues/registry.js';

const base = { market: EXAMPLE_MARKET_ID, venue: VENUES[0], stamp: { asOf: 0, slaMs: 1, source: 'LIVE' as const } };
const anyDouble = fc.oneof(fc.double(), fc.constantFrom(0, -0, 5e-324, -5e-324, 1e308, -1e308, 1e-19));
const nullableDouble = fc.option(anyDouble, { nil: null });

describe('core parsers never yield NaN/Infinity and fail only with typed errors (fixed seed)', () => {
  it('num / numOrNull: a finite number, null only for absent values, or a typed INVALID_NUMBER', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        const n = typedOrValue(() => num(v, 'x'));
        if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
        const m = typedOrValue(() => numOrNull(v, 'x'));
        if (v === null || v === undefined || v === '') expect(m).toBeNull();
        else expect(m).toBe(n);
      }),
      params(600),
    );
  });

  it('num agrees with Number() on every finite decimal string', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(num(String(x), 'x') === x).toBe(true); // -0 prints as "0"
        expect(num(x.toFixed(8), 'x')).toBe(Number(x.toFixed(8)));
      }),
      params(300),
    );
  });

  it('finiteOrNull keeps finite numbers and nulls the rest', () => {
    fc.assert(
      fc.property(fc.option(anyDouble, { nil: undefined }), (x) => {
        const r = finiteOrNull(x);
        expect(r === null || Number.isFinite(r)).toBe(true);
        if (x !== undefined && Number.isFinite(x)) expect(r).toBe(x);
      }),
      params(300),
    );
  });

  it('unit conversions: finite in, finite out (or a typed error), and consistent with each other', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, (rate, hours) => {
        const ph = typedOrValue(() => perHour(rate, hours));
        if (ph !== undefined) {
          expect(Number.isFinite(ph)).toBe(true);
          expect(ph).toBe(rate / hours);
          const apr = typedOrValue(() => annualize(ph));
          if (apr !== undefined) expect(apr).toBe(ph * 8760);
        }
        const pct = typedOrValue(() => percentToFraction(rate));
        if (pct !== undefined) expect(pct).toBe(rate / 100);
        const ppy = typedOrValue(() => paymentsPerYear(hours));
        if (ppy !== undefined) expect(Number.isFinite(ppy) && ppy > 0).toBe(true);
      }),
      params(600),
    );
  });

  it('periodic funding: sides mirror each other, costs equal funding, all finite', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, nullableDouble, (rate, hours, next) => {
        const f = typedOrValue(() =>
          periodicFunding({ ...base, rate, intervalHours: hours, intervalSource: 'VENUE_API', nextFundingTime: next }),
        );
        if (!f) return;
        expect(findNonFinite(f)).toBeNull();
        // == 0 comparisons: -0 and +0 serialize alike.
        expect(f.longRatePerHour === f.ratePerHour).toBe(true);
        expect(f.shortRatePerHour === -f.ratePerHour!).toBe(true);
        expect(f.longCostPerHour === f.longRatePerHour && f.shortCostPerHour === f.shortRatePerHour).toBe(true);
      }),
      params(500),
    );
  });

  it('continuous, funding-plus-borrow and borrow-only funding: finite or typed', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, nullableDouble, nullableDouble, nullableDouble, nullableDouble, (rate, hours, a, b, c, d) => {
        const cont = typedOrValue(() =>
          continuousFunding({ ...base, rate, intervalHours: hours, intervalSource: 'VENUE_API', longPerInterval: a, shortPerInterval: b }),
        );
        if (cont) expect(findNonFinite(cont)).toBeNull();
        const fpb = typedOrValue(() =>
          fundingPlusBorrowPctPerHour({ ...base, longFundingPct: a, shortFundingPct: b, longBorrowPct: c, shortBorrowPct: d }),
        );
        if (fpb) {
          expect(findNonFinite(fpb)).toBeNull();
          if (fpb.longCostPerHour !== null && a !== null && c !== null) expect(fpb.longCostPerHour).toBeCloseTo(a / 100 + c / 100, 12);
        }
        const bo = typedOrValue(() => borrowOnly({ ...base, longBorrowPerHour: c, shortBorrowPerHour: d }));
        if (bo) {
          expect(findNonFinite(bo)).toBeNull();
          expect([bo.rate, bo.ratePerHour, bo.annualizedRate]).toEqual([null, null, null]);
        }
      }),
      params(500),
    );
  });

  it('receiverRate: the receiving side gets a finite, non-positive rate, or null', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, anyDouble, (rate, payer, receiver) => {
        const r = typedOrValue(() => receiverRate(rate, payer, receiver));
        if (r === undefined || r === null) return;
        expect(Number.isFinite(r)).toBe(true);
        expect(r <= 0).toBe(true);
      }),
      params(500),
    );
  });

  it('numberish strings survive a JSON round trip through num', () => {
    fc.assert(
      fc.property(numberish, (v) => {
        const n = typedOrValue(() => num(JSON.parse(JSON.stringify(v ?? null)) as unknown, 'x'));
        if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
      }),
      params(300),
    );
  });
});
