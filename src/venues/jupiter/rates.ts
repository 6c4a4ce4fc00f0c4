/**
 * The custody's hourly borrow rate, reproducing the program's integer arithmetic exactly (docs/venues/jupiter.md §6.2,
 * the reference `julianfssen/jupiter-perps-anchor-idl-parsing:src/examples/get-borrow-fee-and-funding-rate.ts`):
 * utilisation includes borrow/lend debt (ceil), the legacy linear curve while hourlyFundingDbps ≠ 0 (ceil), else
 * the jump-rate curve with the APR in bps rounded up, and the 1e9-scaled hourly rate rounded down. bigint only;
 * the conversion to a fraction happens once, at the end (`hourlyFraction`).
 */
import { DataError } from '../../core/errors.js';
import { BPS_POWER, DBPS_POWER, HOURS_IN_A_YEAR, RATE_POWER } from './constants.js';
import type { Custody } from './layout.js';

export type RateInputs = Pick<
  Custody,
  | 'owned'
  | 'locked'
  | 'debt'
  | 'borrowLendInterestsAccured'
  | 'hourlyFundingDbps'
  | 'minRateBps'
  | 'maxRateBps'
  | 'targetRateBps'
  | 'targetUtilizationRate'
>;

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
const max0 = (a: bigint): bigint => (a > 0n ? a : 0n);

/** Owned and locked including the JLP borrow/lend debt (§6.2 step 1). */
export function utilisationInputs(c: RateInputs): { owned: bigint; locked: bigint } {
  const debt = ceilDiv(max0(c.debt - c.borrowLendInterestsAccured), RATE_POWER);
  return { owned: c.owned + debt, locked: c.locked + debt };
}

/** Jump-rate APR in bps (ceil) at a 1e9-scaled utilisation (§6.2 step 3, §6.4). */
export function jumpRateAprBps(
  c: Pick<RateInputs, 'minRateBps' | 'maxRateBps' | 'targetRateBps' | 'targetUtilizationRate'>,
  util: bigint,
): bigint {
  const tu = c.targetUtilizationRate;
  if (tu === 0n) throw new DataError('INVALID_NUMBER', 'jump rate: targetUtilizationRate is 0 (division by zero in the program curve)');
  if (util <= tu) return c.minRateBps + ceilDiv(max0(c.targetRateBps - c.minRateBps) * util, tu);
  const denom = max0(RATE_POWER - tu);
  if (denom === 0n) throw new DataError('INVALID_NUMBER', 'jump rate: 1e9 − targetUtilizationRate is 0 above the target');
  return c.targetRateBps + ceilDiv(max0(c.maxRateBps - c.targetRateBps) * max0(util - tu), denom);
}

/** Hourly borrow rate of one custody, 1e9-scaled fraction per hour (what positions accrue per hour). */
export function hourlyBorrowRate(c: RateInputs): bigint {
  const { owned, locked } = utilisationInputs(c);
  if (c.hourlyFundingDbps !== 0n) {
    const h = (c.hourlyFundingDbps * RATE_POWER) / DBPS_POWER;
    return owned > 0n && locked > 0n ? ceilDiv(locked * h, owned) : 0n;
  }
  const util = owned > 0n && locked > 0n ? (locked * RATE_POWER) / owned : 0n;
  const yearly = (jumpRateAprBps(c, util) * RATE_POWER) / BPS_POWER;
  return yearly / HOURS_IN_A_YEAR;
}

/** The 1e9-scaled hourly rate as a fraction per hour (the only float conversion). */
export const hourlyFraction = (hourly: bigint): number => Number(hourly) / 1e9;

/** Utilisation (locked / owned, debt included) as a fraction, for display. */
export function utilisation(c: RateInputs): number | null {
  const { owned, locked } = utilisationInputs(c);
  return owned > 0n ? Number((locked * RATE_POWER) / owned) / 1e9 : null;
}
