/**
 * VWAP slippage through book levels (real or synthetic), pure. A buy walks the asks, a sell walks the bids
 * (both best first). Slippage is measured against the mid price, in bps, so it includes half the spread. When
 * the notional exceeds the visible depth, the remainder is priced at the last visible level and
 * `exceedsDepth` is set: the figure is then a lower bound.
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

/** USD per base unit at a level (price × the quote's USD value, as carried by sizeUsd). */
const usdPerBase = (l: DepthLevel): number => (l.size > 0 ? l.sizeUsd / l.size : l.price);

/** Fill `notionalUsd` through `levels`; null when there is nothing to walk or the inputs are not positive. */
export function walkBook(levels: readonly DepthLevel[], mid: number, notionalUsd: number): SlippageResult | null {
  if (levels.length === 0 || !(mid > 0) || !(notionalUsd > 0)) return null;
  let remaining = notionalUsd;
  let qty = 0;
  let visible = 0;
  for (const l of levels) visible += l.sizeUsd;
  for (const l of levels) {
    if (remaining <= 0) break;
    const take = Math.min(remaining, l.sizeUsd);
    qty += take / usdPerBase(l);
    remaining -= take;
  }
  const last = levels[levels.length - 1]!;
  if (remaining > 0) qty += remaining / usdPerBase(last);
  // Back from USD per base to the book's price unit (a non-USD quote carries its USD value in sizeUsd).
  const usdPerPrice = usdPerBase(last) / last.price;
  const vwap = notionalUsd / qty / usdPerPrice;
  return { vwap, bps: Math.abs(vwap / mid - 1) * 1e4, exceedsDepth: remaining > 0, visibleUsd: visible };
}

/**
 * The largest notional (USD, at most the visible depth) whose fill through `levels` stays at or under `maxBps`
 * from mid, by bisection (slippage only grows with size); 0 when even 1 USD exceeds it, null without levels.
 */
export function capacityUsd(levels: readonly DepthLevel[], mid: number, maxBps: number): number | null {
  if (levels.length === 0 || !(mid > 0)) return null;
  const visible = levels.reduce((a, l) => a + l.sizeUsd, 0);
  const ok = (n: number) => {
    const r = walkBook(levels, mid, n);
    return r !== null && !r.exceedsDepth && r.bps <= maxBps;
  };
  if (!(visible >= 1) || !ok(1)) return 0;
  if (ok(visible)) return visible;
  let lo = 1;
  let hi = visible;
  for (let i = 0; i < 60 && hi - lo > 1e-6; i++) {
    const m = (lo + hi) / 2;
    if (ok(m)) lo = m;
    else hi = m;
  }
  return lo;
}
