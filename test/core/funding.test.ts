import { describe, expect, it } from 'vitest';
import {
  annualize,
  borrowOnly,
  checkInterval,
  continuousFunding,
  fundingPlusBorrowPctPerHour,
  perHour,
  periodicFunding,
  receiverRate,
} from '../../src/core/funding.js';
import { DataError } from '../../src/core/errors.js';

const base = { market: 'aster:BTC-USD-PERP', venue: 'aster' as const, stamp: { asOf: 0, slaMs: 180_000, source: 'LIVE' as const } };

describe('core/funding conversions', () => {
  it.each([
    // rate per interval, interval h, per hour, APR
    [0.0001, 8, 0.0000125, 0.1095],
    [0.0001, 4, 0.000025, 0.219],
    [0.0001, 1, 0.0001, 0.876],
    [-0.0003, 8, -0.0000375, -0.3285],
    [0, 8, 0, 0],
  ])('%f per %ih → %f per hour, APR %f', (rate, h, ph, apr) => {
    expect(perHour(rate, h)).toBeCloseTo(ph, 12);
    expect(annualize(perHour(rate, h))).toBeCloseTo(apr, 10);
  });

  it('periodic funding: longs pay +rate/h, shorts receive it; cost = funding; no borrow', () => {
    const f = periodicFunding({
      ...base,
      rate: 0.0001,
      intervalHours: 8,
      intervalSource: 'VENUE_API',
      nextFundingTime: 123,
      capRate: 0.03,
      floorRate: -0.03,
    });
    expect(f.model).toBe('PERIODIC_FUNDING');
    expect(f.ratePerHour).toBeCloseTo(0.0000125, 12);
    expect(f.annualizedRate).toBeCloseTo(0.1095, 10);
    expect(f.longRatePerHour).toBeCloseTo(0.0000125, 12);
    expect(f.shortRatePerHour).toBeCloseTo(-0.0000125, 12);
    expect(f.longBorrowRatePerHour).toBeNull();
    expect(f.longCostPerHour).toBeCloseTo(0.0000125, 12);
    expect(f.shortCostAnnualized).toBeCloseTo(-0.1095, 10);
    expect(f.nextFundingTime).toBe(123);
    expect(f.capRate).toBe(0.03);
  });

  it('a 4h symbol with the same rate has twice the APR of an 8h one', () => {
    const a = periodicFunding({ ...base, rate: 0.0001, intervalHours: 8, intervalSource: 'VENUE_API' });
    const b = periodicFunding({ ...base, rate: 0.0001, intervalHours: 4, intervalSource: 'VENUE_API' });
    expect(b.annualizedRate! / a.annualizedRate!).toBeCloseTo(2, 12);
  });

  it('%/hour inputs (Avantis): funding per side + borrow per side, cost = sum', () => {
    const f = fundingPlusBorrowPctPerHour({
      ...base,
      longFundingPct: -0.0025,
      shortFundingPct: 0.004,
      longBorrowPct: 0.0011415525114155251,
      shortBorrowPct: 0.001,
    });
    expect(f.longRatePerHour).toBeCloseTo(-0.000025, 15);
    expect(annualize(f.longRatePerHour!)).toBeCloseTo(-0.219, 10);
    expect(f.longBorrowRatePerHour).toBeCloseTo(0.000011415525114155, 15);
    expect(annualize(f.longBorrowRatePerHour!)).toBeCloseTo(0.1, 10);
    expect(f.longCostPerHour).toBeCloseTo(-0.000025 + 0.000011415525114155, 15);
    expect(f.shortCostPerHour).toBeCloseTo(0.00004 + 0.00001, 15);
    expect(f.intervalSource).toBe('DEFAULT_ASSUMED');
    expect(f.ratePerHour).toBe(f.longRatePerHour);
  });

  it('legacy Avantis (no funding fields): funding null, borrow only, total cost unknown', () => {
    const f = fundingPlusBorrowPctPerHour({
      ...base,
      longFundingPct: null,
      shortFundingPct: null,
      longBorrowPct: 0.001,
      shortBorrowPct: 0.002,
    });
    expect(f.rate).toBeNull();
    expect(f.ratePerHour).toBeNull();
    expect(f.longBorrowRatePerHour).toBeCloseTo(0.00001, 15);
    // Funding exists on Avantis v2 but this source does not carry it: the total carry is unknown, not the borrow alone.
    expect([f.longCostPerHour, f.shortCostPerHour, f.longCostAnnualized, f.shortCostAnnualized]).toEqual([null, null, null, null]);
  });

  it('borrow only (Jupiter): no funding fields, cost = borrow', () => {
    const f = borrowOnly({ ...base, longBorrowPerHour: 0.00004, shortBorrowPerHour: 0.00002 });
    expect(f.model).toBe('BORROW_FEE');
    expect([f.rate, f.ratePerHour, f.annualizedRate, f.longRatePerHour, f.shortRatePerHour]).toEqual([null, null, null, null, null]);
    expect(f.longCostAnnualized).toBeCloseTo(0.3504, 10);
    expect(f.shortCostPerHour).toBe(0.00002);
  });

  it('continuous two-sided funding (SynFutures): receiver gets payer total over its own OI', () => {
    // fair below mark: r = -0.0024 per 24h → shorts pay; longs receive 0.0024 × shortOI/longOI.
    const r = -0.0024;
    const recv = receiverRate(r, 50, 200)!; // payer = shorts (50), receiver = longs (200)
    expect(recv).toBeCloseTo(-0.0006, 15);
    const f = continuousFunding({
      ...base,
      rate: r,
      intervalHours: 24,
      intervalSource: 'VENUE_API',
      longPerInterval: recv,
      shortPerInterval: Math.abs(r),
    });
    expect(f.ratePerHour).toBeCloseTo(-0.0001, 15);
    expect(f.longRatePerHour).toBeCloseTo(-0.000025, 15);
    expect(f.shortRatePerHour).toBeCloseTo(0.0001, 15);
    const f8 = continuousFunding({
      ...base,
      rate: r,
      intervalHours: 8,
      intervalSource: 'VENUE_API',
      longPerInterval: null,
      shortPerInterval: null,
    });
    expect(f8.ratePerHour! / f.ratePerHour!).toBeCloseTo(3, 12);
    expect(receiverRate(r, 50, 0)).toBeNull();
  });

  it.each([0, -8, Number.NaN, Number.POSITIVE_INFINITY])('rejects interval %s with a typed INVALID_INTERVAL error', (h) => {
    expect(() => checkInterval(h)).toThrow(DataError);
    try {
      perHour(0.0001, h);
    } catch (e) {
      expect((e as DataError).code).toBe('INVALID_INTERVAL');
    }
  });

  it('rejects a NaN rate with INVALID_NUMBER', () => {
    expect(() => periodicFunding({ ...base, rate: Number.NaN, intervalHours: 8, intervalSource: 'VENUE_API' })).toThrow(/finite/);
  });
});
