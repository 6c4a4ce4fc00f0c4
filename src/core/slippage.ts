/**
 * VWAP slippage through book levels (real or synthetic), pure. A buy walks the asks, a sell walks the bids.
 * Slippage is measured against the mid price, in bps (so it includes half the spread). When the notional exceeds
 * the visible depth, the remainder is priced at the last visible level and `exceedsDepth` is set.
 */
import type { DepthLevel } from './types.js';

export interface SlippageResult {
  /** Average fill price. */
  vwap: number;
  /** |vwap / mid − 1| × 1e4. */
  bps: number;
  exceedsDepth: boolean;
  /** Total USD visible on the side walked. */
  visibleUsd: number;
}

export function walkBook(levels: readonly DepthLevel[], mid: number, notionalUsd: number): SlippageResult | null {
  if (levels.length === 0 || !(mid > 0) || !(notionalUsd > 0)) return null;
  let remaining = notionalUsd;
  let qty = 0;
  let visible = 0;
  for (const l of levels) visible += l.sizeUsd;
  for (const l of levels) {
    if (remaining <= 0) break;
    const take = Math.min(remaining, l.sizeUsd);
    // sizeUsd = price × size (× quote USD); qty in base = take / (sizeUsd / size)
    const usdPerBase = l.size > 0 ? l.sizeUsd / l.size : l.price;
    qty += take / usdPerBase;
    remaining -= take;
  }
  const last = levels[levels.length - 1]!;
  if (remaining > 0) qty += remaining / (last.size > 0 ? last.sizeUsd / last.size : last.price);
  const usdPerPrice = last.size > 0 ? last.sizeUsd / last.size / last.price : 1;
  const vwap = notionalUsd / qty / usdPerPrice;
  return { vwap, bps: Math.abs(vwap / mid - 1) * 1e4, exceedsDepth: remaining > 0, visibleUsd: visible };
}
