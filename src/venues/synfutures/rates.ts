/**
 * Native two-sided funding from chain state (docs/venues/synfutures.md §7, CONFIRMED oyster-sdk:src/math/funding.ts).
 *
 *   fair  = (sqrtPX96 / 2^96)^2            (WAD: sqrtPX96² · 1e18 / 2^192)
 *   rate  = (fair − mark) / mark           per fundingHour period; positive = longs pay
 *   payer = longs if fair > mark, else shorts; the payer side pays |rate| of its notional;
 *   the receiving side gets the payer's TOTAL over ITS OWN open interest:
 *   r_recv = |rate| × payerSize / receiverSize (amm.totalLong / amm.totalShort), served negative (it receives).
 *
 * While the index deviates (an operator-pushed EMG price, a thin DEXV2 pair, a Chainlink feed apart from Pyth), the
 * mark follows the index and fair does not: funding pays toward the index, bounded by ±IMR (docs/venues/synfutures.md
 * §7.6). Nothing here reads an outside oracle; the cross-check is oracle.ts.
 *
 * Both (fair − mark)/mark and payerSize/receiverSize are computed in bigint WAD and converted once; the per-hour,
 * per-side and annualized figures then come from core/funding.ts (continuousFunding + receiverRate).
 */
import { continuousFunding, receiverRate } from '../../core/funding.js';
import { DataError } from '../../core/errors.js';
import type { FundingRate, IntervalSource, Stamp } from '../../core/types.js';
import { RATIO_BASE } from './constants.js';
import { sqrtX96ToWad, wadToNumber, wdiv } from './wad.js';

export interface FundingInputs {
  sqrtPX96: bigint;
  /** Mark price, WAD. */
  mark: bigint;
  /** Traders' position sizes per side, base WAD. */
  totalLong: bigint;
  totalShort: bigint;
  /** Funding period in hours (fundingHour, 0 already mapped to 24). */
  fundingHour: number;
  fundingHourSource: IntervalSource;
  /** Initial margin ratio, bps: |rate| per period ≤ IMR (trades beyond revert, §7.4) → cap/floor ±IMR (derived). */
  imrBps: number;
}

/** The signed per-period rate and the payer/receiver OI ratio, both exact WAD integers. */
export function fundingWad(i: Pick<FundingInputs, 'sqrtPX96' | 'mark' | 'totalLong' | 'totalShort'>): {
  fair: bigint;
  rate: bigint;
  longPays: boolean;
  payerSize: bigint;
  receiverSize: bigint;
  /** payerSize / receiverSize in WAD; null when the receiving side is empty. */
  ratio: bigint | null;
} {
  if (i.mark <= 0n) throw new DataError('INVALID_NUMBER', `markPrice: expected > 0, got ${i.mark}`);
  const fair = sqrtX96ToWad(i.sqrtPX96);
  const diff = fair - i.mark;
  const longPays = diff > 0n;
  const payerSize = longPays ? i.totalLong : i.totalShort;
  const receiverSize = longPays ? i.totalShort : i.totalLong;
  return {
    fair,
    rate: wdiv(diff, i.mark),
    longPays,
    payerSize,
    receiverSize,
    ratio: receiverSize > 0n ? wdiv(payerSize, receiverSize) : null,
  };
}

const noNegZero = (x: number | null): number | null => (x === 0 ? 0 : x);

/** FundingRate (model CONTINUOUS_FUNDING) for one perpetual pair. */
export function synFunding(market: string, i: FundingInputs, stamp: Stamp): FundingRate {
  const w = fundingWad(i);
  const rate = wadToNumber(w.rate, 'fundingRate');
  const payer = Math.abs(rate);
  // Receiving side: the payer's spread scaled by the OI ratio, through core (negative = receives; null if nobody receives).
  const recv = w.ratio === null ? null : noNegZero(receiverRate(rate, wadToNumber(w.ratio, 'oiRatio'), 1));
  const flat = w.rate === 0n;
  const imr = i.imrBps / RATIO_BASE;
  return continuousFunding({
    market,
    venue: 'synfutures',
    stamp,
    provenance:
      'on chain: rate = (fair − mark)/mark per fundingHour, fair = (sqrtPX96/2^96)², mark = Observer markPrices[perp]; ' +
      'receiving side = payer spread × payer OI / receiver OI (amm.totalLong/totalShort); cap/floor = ±IMR (derived: ' +
      'trades beyond it revert) (venues/synfutures.md §7)',
    rate,
    intervalHours: i.fundingHour,
    intervalSource: i.fundingHourSource,
    longPerInterval: flat ? 0 : w.longPays ? payer : recv,
    shortPerInterval: flat ? 0 : w.longPays ? recv : payer,
    capRate: imr,
    floorRate: -imr,
  });
}
