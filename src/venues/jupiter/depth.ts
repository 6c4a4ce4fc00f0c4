/**
 * Synthetic depth from the fee model (docs/venues/jupiter.md §7, §8). There is no order book: a position of USD size S
 * fills at the oracle price ± (open fee + price-impact fee), impactBps(S) = min(ceil(S(6 dp) · 1e4 /
 * tradeImpactFeeScalar), maxFeeBps). The ladder's levels sit at the notionals S_k (capped by available liquidity) and
 * their prices are the MARGINAL prices between consecutive notionals, so that walking the book to exactly S_k
 * (core/slippage.ts walkBook) gives the all-in price the venue charges for one S_k-sized fill: mark × (1 ± fee(S_k)).
 * Level 1 is therefore exactly mark × (1 ± (baseBps + impactBps(S_1)) / 1e4).
 */
import type { DepthLevel, OrderBook, Stamp } from '../../core/types.js';
import { BPS_POWER } from './constants.js';

export const DEPTH_MODEL =
  'jupiter-fee-ladder: Doves AG oracle price ± (increasePositionBps + linear price-impact fee ceil(size·1e4/tradeImpactFeeScalar) ' +
  'capped at maxFeeBps) at notionals $10k/$50k/$100k/$250k/$1M, sizes capped by available liquidity (owned − locked; ' +
  'shorts: the USDC custody); level prices are marginal so that a fill of a level’s cumulative notional costs exactly the ' +
  'venue’s fee at that size; the imbalance surcharge (priceImpactBuffer) is not included (venues/jupiter.md §7, §8)';

export interface FeeParams {
  /** Open fee, bps (custody increasePositionBps). */
  baseBps: bigint;
  tradeImpactFeeScalar: bigint;
  /** Cap on the price-impact fee, bps; 0 = no cap recorded on chain (UNCONFIRMED meaning), treated as uncapped. */
  maxFeeBps: bigint;
}

/** Linear price-impact fee in bps for a USD size, the program's integer rounding (ceil), capped at maxFeeBps. */
export function impactBps(sizeUsd: number, p: Pick<FeeParams, 'tradeImpactFeeScalar' | 'maxFeeBps'>): bigint {
  if (p.tradeImpactFeeScalar <= 0n) return p.maxFeeBps;
  const size6 = BigInt(Math.round(sizeUsd * 1e6));
  const linear = (size6 * BPS_POWER + p.tradeImpactFeeScalar - 1n) / p.tradeImpactFeeScalar;
  return p.maxFeeBps > 0n && linear > p.maxFeeBps ? p.maxFeeBps : linear;
}

/** All-in fee fraction for one fill of `sizeUsd` (open fee + impact). */
export function feeFraction(sizeUsd: number, p: FeeParams): number {
  return Number(p.baseBps + impactBps(sizeUsd, p)) / 1e4;
}

/** One side of the ladder: `sign` +1 asks (longs open), −1 bids (shorts open). */
export function ladderSide(mark: number, sign: 1 | -1, p: FeeParams, availableUsd: number, notionals: readonly number[]): DepthLevel[] {
  const out: DepthLevel[] = [];
  let prevN = 0;
  let prevQty = 0; // base units a fill of prevN USD buys/sells at the venue's all-in price
  for (const s of notionals) {
    const n = Math.min(s, Math.max(0, availableUsd));
    if (!(n > prevN)) break;
    const allIn = mark * (1 + sign * feeFraction(n, p));
    if (!(allIn > 0)) break;
    const qty = n / allIn;
    const dUsd = n - prevN;
    const dQty = qty - prevQty;
    if (!(dQty > 0)) break;
    // Where the impact fee is capped, successive levels share one price in exact arithmetic: keep float rounding
    // from un-sorting them (never better than the previous level).
    const prev = out[out.length - 1]?.price;
    const raw = dUsd / dQty;
    const price = prev === undefined ? raw : sign > 0 ? Math.max(raw, prev) : Math.min(raw, prev);
    out.push({ price, size: dQty, sizeUsd: dUsd, cumulativeSizeUsd: n });
    prevN = n;
    prevQty = qty;
    if (n < s) break; // capped by liquidity: nothing further to show
  }
  return out;
}

export function syntheticBook(
  market: string,
  mark: number,
  long: { fees: FeeParams; availableUsd: number },
  short: { fees: FeeParams; availableUsd: number },
  notionals: readonly number[],
  stamp: Stamp,
  sequence: string | null,
): OrderBook {
  const asks = ladderSide(mark, 1, long.fees, long.availableUsd, notionals);
  const bids = ladderSide(mark, -1, short.fees, short.availableUsd, notionals);
  const a = asks[0]?.price;
  const b = bids[0]?.price;
  const mid = a !== undefined && b !== undefined ? (a + b) / 2 : mark;
  return {
    market,
    venue: 'jupiter',
    kind: 'SYNTHETIC',
    model: DEPTH_MODEL,
    pricesIncludeFees: true, // the ladder is oracle ± (open fee + impact): the fee is in the prices
    bids,
    asks,
    midPrice: mid,
    spreadBps: a !== undefined && b !== undefined ? ((a - b) / mid) * 1e4 : null,
    sequence,
    stamp,
  };
}
