/**
 * Top-N book from the on-chain book of ranges and limit orders (docs/venues/synfutures.md §9). `kind: ORDER_BOOK`
 * (§9.1): the liquidity is real and resting on chain, read natively, not modelled; the walk is exact at level bounds.
 * `Observer.liquidityDetails` gives the curve
 * (sqrtPX96, tick, active liquidity L) and the initialized ticks with their pearls ({liquidityNet, left}). We walk it
 * like a concentrated-liquidity swap (as oyster-sdk:src/chart/depth.ts does): upwards for asks (crossing tick t adds
 * liquidityNet, resting sells have left < 0), downwards for bids (crossing subtracts it, resting buys have left > 0).
 * Range liquidity between sqrt prices a < b holds base L·(1/a − 1/b) for quote L·(b − a). Levels are the
 * order-spacing (5-tick) bands, the first one from the AMM price to the next aligned tick; a level's price is the
 * average fill price inside it (quote/base). Walking the levels therefore reproduces `Instrument.inquire` exactly at
 * level boundaries, and inside a partly filled level the error is bounded by that level's price span (≤ 5 ticks ≈
 * 5 bps, the order spacing; typically under half of it): DEPTH_INQUIRE_TOLERANCE_BPS.
 *
 * Decoded sample: { amm: { sqrtPX96: 2470…n, tick: 114850, liquidity: 7.7e23n }, tids: [114800, 114855, …],
 *                   pearls: [{ liquidityNet: 1e23n, left: 0n }, { liquidityNet: 0n, left: -2e17n }, …], blockInfo }
 */
import { walkBook } from '../../core/slippage.js';
import type { DepthLevel, OrderBook, Stamp } from '../../core/types.js';
import { sqrtX96ToWad, wadToNumber } from './wad.js';

export interface LiquidityDetails {
  amm: { sqrtPX96: bigint; tick: number; liquidity: bigint };
  tids: readonly number[];
  pearls: ReadonlyArray<{ liquidityNet: bigint; left: bigint }>;
  blockInfo: { timestamp: number; height: number };
}

/**
 * Bound on |book-walk average price / `Instrument.inquire` average price − 1|, bps, for any notional inside the
 * visible levels: one level's span, (1.0001^5 − 1) ≈ 5.0 bps (see module doc); exact at level boundaries.
 */
export const DEPTH_INQUIRE_TOLERANCE_BPS = 5;

export const DEPTH_MODEL =
  'synfutures-oyster-amm: Observer.liquidityDetails walked tick by tick like a concentrated-liquidity swap (ranges via ' +
  'liquidityNet + resting limit orders via pearl.left) into 5-tick order-spacing levels; level price = average fill ' +
  `inside the level; mid = AMM fair price; average fill matches Instrument.inquire exactly at level boundaries and within ` +
  `${DEPTH_INQUIRE_TOLERANCE_BPS} bps (one level) inside a level (venues/synfutures.md §9)`;

const sqrtAt = (tick: number): number => Math.pow(1.0001, tick / 2);

interface Band {
  base: number;
  quote: number;
}

/** Walk one side into `levels` bands of `spacing` ticks, scanning at most `tickDelta` ticks away. */
function walk(d: LiquidityDetails, side: 'ask' | 'bid', levels: number, spacing: number, tickDelta: number): Band[] {
  const pearls = new Map<number, { net: number; left: number }>();
  d.tids.forEach((t, i) => {
    const p = d.pearls[i];
    if (p) pearls.set(t, { net: wadToNumber(p.liquidityNet, 'liquidityNet'), left: wadToNumber(p.left, 'pearl.left') });
  });
  const t0 = d.amm.tick;
  const up = side === 'ask';
  const ticks = [...pearls.keys()].filter((t) => (up ? t > t0 : t <= t0)).sort((a, b) => (up ? a - b : b - a));
  let s = Math.sqrt(wadToNumber(sqrtX96ToWad(d.amm.sqrtPX96), 'fairPrice'));
  let L = wadToNumber(d.amm.liquidity, 'liquidity');
  let k = 0;
  const out: Band[] = [];
  const align = Math.floor(t0 / spacing) * spacing;
  for (let b = up ? align + spacing : align; out.length < levels && Math.abs(b - t0) <= tickDelta + spacing; b += up ? spacing : -spacing) {
    const band: Band = { base: 0, quote: 0 };
    const range = (to: number) => {
      if (L > 0 && (up ? to > s : to < s)) {
        band.base += L * Math.abs(1 / s - 1 / to);
        band.quote += L * Math.abs(to - s);
      }
      s = to;
    };
    for (; k < ticks.length && (up ? ticks[k]! <= b : ticks[k]! >= b); k++) {
      const t = ticks[k]!;
      const p = pearls.get(t)!;
      range(sqrtAt(t));
      // Resting orders at t fill at t's price once the curve reaches it.
      if (up ? p.left < 0 : p.left > 0) {
        band.base += Math.abs(p.left);
        band.quote += Math.abs(p.left) * sqrtAt(t) ** 2;
      }
      L += up ? p.net : -p.net;
    }
    range(sqrtAt(b));
    if (band.base > 0 && band.quote > 0) out.push(band);
  }
  return out;
}

function toLevels(bands: Band[], quoteUsd: number): DepthLevel[] {
  let cum = 0;
  return bands.map((b) => {
    const sizeUsd = b.quote * quoteUsd;
    cum += sizeUsd;
    return { price: b.quote / b.base, size: b.base, sizeUsd, cumulativeSizeUsd: cum };
  });
}

/** The native OrderBook (kind ORDER_BOOK, the walk named in `model`) for one market. */
export function ammBook(
  market: string,
  d: LiquidityDetails,
  o: { levels: number; spacing: number; tickDelta: number; quoteUsd: number; stamp: Stamp },
): OrderBook {
  const fair = wadToNumber(sqrtX96ToWad(d.amm.sqrtPX96), 'fairPrice');
  const asks = toLevels(walk(d, 'ask', o.levels, o.spacing, o.tickDelta), o.quoteUsd);
  const bids = toLevels(walk(d, 'bid', o.levels, o.spacing, o.tickDelta), o.quoteUsd);
  const bestBid = bids[0]?.price;
  const bestAsk = asks[0]?.price;
  return {
    market,
    venue: 'synfutures',
    kind: 'ORDER_BOOK',
    model: DEPTH_MODEL,
    pricesIncludeFees: false, // AMM curve + limit orders: the trading fee is charged on top
    bids,
    asks,
    midPrice: fair > 0 ? fair : null,
    spreadBps: bestBid !== undefined && bestAsk !== undefined && fair > 0 ? ((bestAsk - bestBid) / fair) * 1e4 : null,
    sequence: String(d.blockInfo.height),
    stamp: o.stamp,
  };
}

/**
 * |book-walk average price / inquire average price − 1| in bps for a signed size (> 0 buys through the asks):
 * `entryNotional` is the venue's own quote (WAD quote) for `size` (WAD base). Null when the book cannot be walked.
 */
export function inquireDeviationBps(book: OrderBook, size: bigint, entryNotional: bigint, quoteUsd: number): number | null {
  const absSize = size < 0n ? -size : size;
  if (absSize === 0n || entryNotional <= 0n || book.midPrice === null) return null;
  const venueAvg = wadToNumber(entryNotional, 'entryNotional') / wadToNumber(absSize, 'size');
  const r = walkBook(size > 0n ? book.asks : book.bids, book.midPrice, wadToNumber(entryNotional, 'entryNotional') * quoteUsd);
  if (!r || r.exceedsDepth) return null;
  return Math.abs(r.vwap / venueAvg - 1) * 1e4;
}
