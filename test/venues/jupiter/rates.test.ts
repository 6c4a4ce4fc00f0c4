/** The custody borrow rate by value: the docs' worked example and integer cases computed by hand (docs/venues/jupiter.md §6). */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { hourlyBorrowRate, hourlyFraction, jumpRateAprBps, type RateInputs } from '../../../src/venues/jupiter/rates.js';

// The official example curve (§6.4): min 10 %, target 60 % at 80 % utilisation, max 230 %.
const CURVE = { minRateBps: 1_000n, targetRateBps: 6_000n, maxRateBps: 23_000n, targetUtilizationRate: 800_000_000n };
const custody = (o: Partial<RateInputs>): RateInputs => ({
  owned: 0n,
  locked: 0n,
  debt: 0n,
  borrowLendInterestsAccured: 0n,
  hourlyFundingDbps: 0n,
  ...CURVE,
  ...o,
});

describe('jump-rate curve: the docs worked example', () => {
  it('35 % APR at 40 % utilisation and 145 % APR at 90 %', () => {
    expect(jumpRateAprBps(CURVE, 400_000_000n)).toBe(3_500n);
    expect(jumpRateAprBps(CURVE, 900_000_000n)).toBe(14_500n);
  });
  it('hourly: 35 % / 8760 → 39 954e-9 (≈ 0.004 %/h); 145 % → 165 525e-9 (≈ 0.0166 %/h), floored', () => {
    // 3500 bps × 1e9 / 1e4 = 350 000 000 per year; / 8760 = 39 954.34 → 39 954
    expect(hourlyBorrowRate(custody({ owned: 1_000n, locked: 400n }))).toBe(39_954n);
    // 14 500 bps → 1 450 000 000 / 8760 = 165 525.11 → 165 525
    expect(hourlyBorrowRate(custody({ owned: 1_000n, locked: 900n }))).toBe(165_525n);
    expect(hourlyFraction(39_954n)).toBe(0.000039954);
  });
});

describe('hourly borrow rate: the program integer arithmetic', () => {
  it('a case with borrow/lend debt and ceil rounding, computed by hand', () => {
    // debt tokens = ceil((5e18 − 1 234 567 890) / 1e9) = ceil(4 999 999 998.77) = 4 999 999 999
    // owned = 1e12 + 4 999 999 999 = 1 004 999 999 999; locked = 333 333 333 333 + 4 999 999 999 = 338 333 333 332
    // util = floor(338 333 333 332 × 1e9 / 1 004 999 999 999) = 336 650 082  (≤ target 750 000 000)
    // apr = 800 + ceil(4700 × 336 650 082 / 750 000 000) = 800 + ceil(2109.67) = 2910 bps
    // hourly = floor(2910 × 1e9 / 1e4 / 8760) = floor(291 000 000 / 8760) = floor(33 219.18) = 33 219
    const c = custody({
      owned: 1_000_000_000_000n,
      locked: 333_333_333_333n,
      debt: 5_000_000_000_000_000_000n,
      borrowLendInterestsAccured: 1_234_567_890n,
      minRateBps: 800n,
      targetRateBps: 5_500n,
      maxRateBps: 21_000n,
      targetUtilizationRate: 750_000_000n,
    });
    expect(hourlyBorrowRate(c)).toBe(33_219n);
    // Without the ceil on the APR (a float curve) the result would be 2909.67 bps → 33 215: the rounding matters.
  });
  it('above the target: the second slope, ceil', () => {
    // util = 95 %: apr = 6000 + ceil(17 000 × 150 000 000 / 200 000 000) = 6000 + 12 750 = 18 750 → 1 875 000 000 / 8760 = 214 041.09
    expect(hourlyBorrowRate(custody({ owned: 20n, locked: 19n }))).toBe(214_041n);
  });
  it('the legacy linear curve while hourlyFundingDbps ≠ 0: ceil(locked × h / owned)', () => {
    // h = 1000 dbps × 1e9 / 1e5 = 10 000 000; ceil(1 × 10 000 000 / 3) = 3 333 334
    expect(hourlyBorrowRate(custody({ owned: 3n, locked: 1n, hourlyFundingDbps: 1_000n }))).toBe(3_333_334n);
  });
  it('an empty custody pays the minimum rate; no division by zero', () => {
    // util 0: apr = 1000 bps → 100 000 000 / 8760 = 11 415.5 → 11 415
    expect(hourlyBorrowRate(custody({}))).toBe(11_415n);
  });
  it('targetUtilizationRate = 0 is a typed error, not a crash', () => {
    expect(() => hourlyBorrowRate(custody({ owned: 10n, locked: 5n, targetUtilizationRate: 0n }))).toThrow(DataError);
    expect(() => hourlyBorrowRate(custody({ owned: 10n, locked: 5n, targetUtilizationRate: 0n }))).toThrow(/targetUtilizationRate is 0/);
  });
});
