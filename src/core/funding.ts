/**
 * The ONE module that converts funding and borrow figures (STYLE.md §5). Nobody annualizes anywhere else.
 *
 * Conventions (DESIGN §2):
 * - every rate is a fraction of notional (0.0001 = 0.01 %);
 * - `rate` is per funding interval; `ratePerHour` = rate / intervalHours; annualized = perHour × 8760 (simple);
 * - sign: positive `rate` = longs pay shorts; per-side fields: positive = that side pays, negative = it receives;
 * - `long/shortCostPerHour` = that side's funding + borrow (what the scout compares).
 */
import { DataError } from './errors.js';
import type { FundingPoint, FundingRate, IntervalSource, Stamp, Venue } from './types.js';
import { HOURS_PER_YEAR } from './types.js';

/** Validate a funding interval in hours: finite and > 0, else a typed INVALID_INTERVAL error. */
export function checkInterval(intervalHours: number): number {
  if (typeof intervalHours !== 'number' || !Number.isFinite(intervalHours) || intervalHours <= 0) {
    throw new DataError('INVALID_INTERVAL', `funding interval: expected hours > 0, got ${String(intervalHours)}`);
  }
  return intervalHours;
}

function checkRate(rate: number, field: string): number {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) {
    throw new DataError('INVALID_NUMBER', `${field}: expected a finite rate, got ${String(rate)}`);
  }
  return rate;
}

/** Optional pass-through figures (next funding time, predicted/cap/floor rate): null or finite, else typed. */
function checkOpt(v: number | null | undefined, field: string): number | null {
  return v === null || v === undefined ? null : checkRate(v, field);
}

/** Per-interval fraction → per-hour fraction. */
export function perHour(ratePerInterval: number, intervalHours: number): number {
  // A finite rate over a tiny interval can overflow (fuzzing found 1e-19 / 5e-324): check the result too.
  return checkRate(checkRate(ratePerInterval, 'rate') / checkInterval(intervalHours), 'ratePerHour');
}

/** Per-hour fraction → simple annualized fraction (× 8760). */
export function annualize(ratePerHour: number): number {
  return checkRate(checkRate(ratePerHour, 'ratePerHour') * HOURS_PER_YEAR, 'annualizedRate');
}

/** Null-propagating annualize. */
export function annualizeOrNull(ratePerHour: number | null): number | null {
  return ratePerHour === null ? null : annualize(ratePerHour);
}

/** Percent → fraction (for venues that quote "% per hour"). */
export function percentToFraction(percent: number): number {
  return checkRate(percent, 'percent') / 100;
}

/** Intervals per year for an interval in hours (3 × 365 for 8 h). */
export function paymentsPerYear(intervalHours: number): number {
  // A sub-normal interval overflows to Infinity (found by test/fuzz/core.fuzz.test.ts): check the result too.
  return checkRate(HOURS_PER_YEAR / checkInterval(intervalHours), 'paymentsPerYear');
}

function sum(a: number | null, b: number | null): number | null {
  if (a === null && b === null) return null;
  return checkRate((a ?? 0) + (b ?? 0), 'costPerHour');
}

interface Common {
  market: string;
  venue: Venue;
  stamp: Stamp;
  provenance?: string | null;
}

function finish(
  base: Common,
  f: Omit<
    FundingRate,
    'market' | 'venue' | 'stamp' | 'provenance' | 'longCostPerHour' | 'shortCostPerHour' | 'longCostAnnualized' | 'shortCostAnnualized'
  >,
): FundingRate {
  const longCostPerHour = sum(f.longRatePerHour, f.longBorrowRatePerHour);
  const shortCostPerHour = sum(f.shortRatePerHour, f.shortBorrowRatePerHour);
  return {
    market: base.market,
    venue: base.venue,
    stamp: base.stamp,
    provenance: base.provenance ?? null,
    ...f,
    longCostPerHour,
    shortCostPerHour,
    longCostAnnualized: annualizeOrNull(longCostPerHour),
    shortCostAnnualized: annualizeOrNull(shortCostPerHour),
  };
}

/**
 * Periodic (CEX-style) funding: one rate per interval, longs pay +rate, shorts −rate.
 * Example: 0.0001 per 8 h → 0.0000125 /h → 0.1095 APR.
 */
export function periodicFunding(
  base: Common & {
    rate: number;
    intervalHours: number;
    intervalSource: IntervalSource;
    nextFundingTime?: number | null;
    predictedRate?: number | null;
    capRate?: number | null;
    floorRate?: number | null;
  },
): FundingRate {
  const rate = checkRate(base.rate, 'rate');
  const ph = perHour(rate, base.intervalHours);
  return finish(base, {
    model: 'PERIODIC_FUNDING',
    rate,
    intervalHours: base.intervalHours,
    intervalSource: base.intervalSource,
    ratePerHour: ph,
    annualizedRate: annualize(ph),
    longRatePerHour: ph,
    shortRatePerHour: ph === 0 ? 0 : -ph,
    longBorrowRatePerHour: null,
    shortBorrowRatePerHour: null,
    predictedRate: checkOpt(base.predictedRate, 'predictedRate'),
    nextFundingTime: checkOpt(base.nextFundingTime, 'nextFundingTime'),
    capRate: checkOpt(base.capRate, 'capRate'),
    floorRate: checkOpt(base.floorRate, 'floorRate'),
  });
}

/**
 * Continuous two-sided funding (an AMM venue with per-side rates): the payer rate per interval is `rate` (positive = longs pay);
 * the receiver gets the payer's total over its own open interest, so sides are asymmetric.
 * `longPerInterval` / `shortPerInterval`: each side's own signed rate per interval (positive = pays).
 */
export function continuousFunding(
  base: Common & {
    rate: number;
    intervalHours: number;
    intervalSource: IntervalSource;
    longPerInterval: number | null;
    shortPerInterval: number | null;
    capRate?: number | null;
    floorRate?: number | null;
  },
): FundingRate {
  const rate = checkRate(base.rate, 'rate');
  const ph = perHour(rate, base.intervalHours);
  return finish(base, {
    model: 'CONTINUOUS_FUNDING',
    rate,
    intervalHours: base.intervalHours,
    intervalSource: base.intervalSource,
    ratePerHour: ph,
    annualizedRate: annualize(ph),
    longRatePerHour: base.longPerInterval === null ? null : perHour(base.longPerInterval, base.intervalHours),
    shortRatePerHour: base.shortPerInterval === null ? null : perHour(base.shortPerInterval, base.intervalHours),
    longBorrowRatePerHour: null,
    shortBorrowRatePerHour: null,
    predictedRate: null,
    nextFundingTime: null,
    capRate: checkOpt(base.capRate, 'capRate'),
    floorRate: checkOpt(base.floorRate, 'floorRate'),
  });
}

/**
 * Receiving side's per-interval rate for two-sided funding: the payer's total payment spread over
 * the receiver's size. Returns a NEGATIVE number (the side receives). Null when receiverSize is 0.
 * r_recv = |r| × payerSize / receiverSize.
 */
export function receiverRate(payerRate: number, payerSize: number, receiverSize: number): number | null {
  if (!(receiverSize > 0)) return null;
  if (!(payerSize >= 0)) throw new DataError('INVALID_NUMBER', `payer size: expected ≥ 0, got ${String(payerSize)}`);
  // Huge/sub-normal sizes overflow (0 × Infinity = NaN; found by test/fuzz/core.fuzz.test.ts): check the result too.
  return checkRate(-Math.abs(checkRate(payerRate, 'rate')) * (payerSize / receiverSize), 'receiverRate');
}

/**
 * Funding plus borrow, per side, quoted in % per hour (a pool venue with per-side funding and margin fees). `ratePerHour` is the LONG side's funding
 * (documented choice); accrual is continuous, so intervalHours = 1 by convention (DEFAULT_ASSUMED).
 * Funding inputs may be null (legacy source without funding fields) → funding fields null.
 */
export function fundingPlusBorrowPctPerHour(
  base: Common & {
    longFundingPct: number | null;
    shortFundingPct: number | null;
    longBorrowPct: number | null;
    shortBorrowPct: number | null;
  },
): FundingRate {
  const lf = base.longFundingPct === null ? null : percentToFraction(base.longFundingPct);
  const sf = base.shortFundingPct === null ? null : percentToFraction(base.shortFundingPct);
  const lb = base.longBorrowPct === null ? null : percentToFraction(base.longBorrowPct);
  const sb = base.shortBorrowPct === null ? null : percentToFraction(base.shortBorrowPct);
  const f = finish(base, {
    model: 'FUNDING_PLUS_BORROW',
    rate: lf,
    intervalHours: lf === null ? null : 1,
    intervalSource: lf === null ? null : 'DEFAULT_ASSUMED',
    ratePerHour: lf,
    annualizedRate: annualizeOrNull(lf),
    longRatePerHour: lf,
    shortRatePerHour: sf,
    longBorrowRatePerHour: lb,
    shortBorrowRatePerHour: sb,
    predictedRate: null,
    nextFundingTime: null,
    capRate: null,
    floorRate: null,
  });
  // Funding exists on this venue: a side whose funding is unknown (e.g. a v1/legacy source) has an unknown total
  // cost, not a cost equal to its borrow fee.
  if (lf === null) f.longCostPerHour = f.longCostAnnualized = null;
  if (sf === null) f.shortCostPerHour = f.shortCostAnnualized = null;
  return f;
}

/**
 * Borrow fee only (a pool venue that charges borrow, not funding): no funding exists, so rate/ratePerHour/annualized and per-side funding are null.
 * Inputs are fractions per hour (already converted from the program's 1e9 scale by the venue).
 */
export function borrowOnly(base: Common & { longBorrowPerHour: number | null; shortBorrowPerHour: number | null }): FundingRate {
  const lb = base.longBorrowPerHour === null ? null : checkRate(base.longBorrowPerHour, 'longBorrowPerHour');
  const sb = base.shortBorrowPerHour === null ? null : checkRate(base.shortBorrowPerHour, 'shortBorrowPerHour');
  return finish(base, {
    model: 'BORROW_FEE',
    rate: null,
    intervalHours: 1,
    intervalSource: 'VENUE_API',
    ratePerHour: null,
    annualizedRate: null,
    longRatePerHour: null,
    shortRatePerHour: null,
    longBorrowRatePerHour: lb,
    shortBorrowRatePerHour: sb,
    predictedRate: null,
    nextFundingTime: null,
    capRate: null,
    floorRate: null,
  });
}

/** Fields a FundingRate of this model is expected to carry; nulls among them are listed as missing. */
export function expectedFundingFields(model: FundingRate['model']): (keyof FundingRate)[] {
  const common: (keyof FundingRate)[] = ['longCostPerHour', 'shortCostPerHour'];
  switch (model) {
    case 'PERIODIC_FUNDING':
      return [...common, 'rate', 'intervalHours', 'ratePerHour', 'annualizedRate', 'nextFundingTime', 'capRate', 'floorRate'];
    case 'CONTINUOUS_FUNDING':
      return [...common, 'rate', 'intervalHours', 'ratePerHour', 'annualizedRate', 'longRatePerHour', 'shortRatePerHour'];
    case 'FUNDING_PLUS_BORROW':
      return [...common, 'rate', 'ratePerHour', 'longRatePerHour', 'shortRatePerHour', 'longBorrowRatePerHour', 'shortBorrowRatePerHour'];
    case 'BORROW_FEE':
      return [...common, 'rate', 'ratePerHour', 'annualizedRate', 'longBorrowRatePerHour', 'shortBorrowRatePerHour'];
  }
}

/**
 * A funding point for history storage, derived from a FundingRate. For BORROW_FEE venues the long borrow
 * rate stands in as `ratePerHour` (documented in the schema).
 */
export function historyRatePerHour(f: FundingRate): number | null {
  return f.ratePerHour ?? f.longCostPerHour;
}

/**
 * A periodic venue's published history row as a point (`VENUE_HISTORY`): `rate` per interval of `intervalHours`,
 * positive = longs pay shorts, no borrow component.
 */
export function periodicHistoryPoint(time: number, rate: number, intervalHours: number): FundingPoint {
  const ph = perHour(rate, intervalHours);
  return {
    time,
    rate,
    intervalHours,
    ratePerHour: ph,
    longCostPerHour: ph,
    shortCostPerHour: -ph,
    longBorrowPerHour: null,
    shortBorrowPerHour: null,
    source: 'VENUE_HISTORY',
  };
}
