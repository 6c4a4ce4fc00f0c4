/**
 * Pure replay of a mock dataset at a wall-clock time: which stored rows apply, the interpolated mark, a book that
 * changes every depth bucket (deterministic noise keyed by market and bucket), and the FundingRate built by
 * src/core/funding.ts (the only conversion module). The stored span is played backwards from "now", then forwards
 * (ping-pong), so values stay continuous however long the process runs.
 */
import type { DepthLevel, MarketStats, OrderBook, Stamp, Venue } from '../core/types.js';
import { bookInt, type Dataset, type Series } from './dataset.js';
import type { Snap } from './venue-mock.js';

/** How far back (ms before the newest row) the replay stands `elapsedMs` after start, for a span of `spanMs`. */
export function replayOffset(elapsedMs: number, spanMs: number): number {
  const p = ((elapsedMs % (2 * spanMs)) + 2 * spanMs) % (2 * spanMs);
  return p <= spanMs ? p : 2 * spanMs - p;
}

/** Deterministic uniform [0, 1) from two integers. */
export function hash01(a: number, b: number): number {
  let h = (Math.imul(a | 0, 374761393) + Math.imul(b | 0, 668265263)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** FNV-1a of a market id: the noise seed of that market. */
export function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

export const sig = (x: number, n: number): number => Number(x.toPrecision(n));
const cents = (x: number): number => Math.round(x * 100) / 100;
function decimals(step: number): number {
  const s = String(step);
  return s.includes('e-') ? Number(s.split('e-')[1]) : (s.split('.')[1]?.length ?? 0);
}

/** Linear interpolation between rows i and j of a column with null rows: null when either side is null. */
function lerpNullable(col: ReadonlyArray<number | null>, i: number, j: number, f: number): number | null {
  const a = col[i] ?? null;
  const b = col[j] ?? null;
  return a === null || b === null ? null : Math.round(a + (b - a) * f);
}

/** Snapshot values at `offsetMs` before the newest row: linear interpolation plus ±0.15 bp of mark noise per bucket. */
export function snapAt(d: Dataset, s: Series, offsetMs: number, bucket: number, seed: number): Snap {
  const last = s.mark.length - 1;
  const pos = Math.min(last, Math.max(0, last - offsetMs / d.snapStepMs));
  const i = Math.floor(pos);
  const j = Math.min(last, i + 1);
  const f = pos - i;
  const lerp = (a: number[]) => a[i]! + (a[j]! - a[i]!) * f;
  const wiggle = 1 + 0.00003 * (hash01(seed, bucket) - 0.5);
  const mark = sig(lerp(s.mark) * wiggle, 8);
  return {
    mark,
    index: s.index ? sig(lerp(s.index) * wiggle, 8) : mark,
    oiLongUsd: Math.round(lerp(s.oiLongUsd)),
    oiShortUsd: Math.round(lerp(s.oiShortUsd)),
    volume24hUsd: lerpNullable(s.volume24hUsd, i, j, f),
  };
}

/** Index of the funding row in force `offsetMs` before the newest row. */
export function fundingRowAt(d: Dataset, s: Series, offsetMs: number): number {
  const rows = Object.values(s.funding)[0]?.length ?? 0;
  return Math.min(rows - 1, Math.max(0, rows - 1 - Math.floor(offsetMs / d.fundingStepMs)));
}

/** The funding columns of row `row`, by name. */
export function fundingColumnsAt(s: Series, row: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, col] of Object.entries(s.funding)) out[name] = col[row]!;
  return out;
}

/**
 * The stored book at a snapshot row around `ref` (the venue's mock chooses it: the mark, or an AMM's fair price). ORDER_BOOK levels sit on the
 * tick grid (bids from floor(ref / tick), asks one tick above), sizes on the step grid; SYNTHETIC levels are ref ±
 * stored offsets. Noise per depth bucket: sizes (level 0 of an order book moves by whole steps, so it always changes).
 */
export function storedBook(
  d: Dataset,
  market: string,
  venue: Venue,
  s: Series,
  offsetMs: number,
  ref: number,
  bucket: number,
  stamp: Stamp,
): OrderBook {
  const L = d.levels;
  const last = s.mark.length - 1;
  const row = Math.min(last, Math.max(0, Math.round(last - offsetMs / d.snapStepMs))) * L;
  const seed = seedOf(market);
  const side = (offs: string, sizes: string, sign: 1 | -1): DepthLevel[] => {
    const out: DepthLevel[] = [];
    let cum = 0;
    const stretch = 1 + 0.02 * (hash01(seed + (sign > 0 ? 7 : 3), bucket) - 0.5);
    for (let k = 0; k < L; k++) {
      const u = hash01(seed + 31 * k + (sign > 0 ? 17 : 0), bucket);
      const off = bookInt(offs, row + k, s.book.offWidth);
      const stored = bookInt(sizes, row + k, s.book.sizeWidth);
      let price: number;
      let size: number;
      if (s.tick !== null && s.step !== null) {
        const grid = Math.floor(ref / s.tick) + (sign > 0 ? 1 + off : -off);
        price = Number((grid * s.tick).toFixed(decimals(s.tick)));
        const steps = k === 0 ? stored + (bucket % 3) : stored * (0.85 + 0.3 * u);
        size = Number((Math.max(1, Math.round(steps)) * s.step).toFixed(decimals(s.step)));
      } else {
        price = sig(ref * (1 + (sign * off * stretch) / 1e6), 10);
        size = sig((stored * (0.97 + 0.06 * u)) / (price * s.quoteUsd), 8);
      }
      const sizeUsd = cents(price * size * s.quoteUsd);
      cum = cents(cum + sizeUsd);
      out.push({ price, size, sizeUsd, cumulativeSizeUsd: cum });
    }
    return out;
  };
  const b = s.book;
  const bids = side(b.bidOff, b.bidSize, -1);
  const asks = side(b.askOff, b.askSize, 1);
  const mid = (bids[0]!.price + asks[0]!.price) / 2;
  return {
    market,
    venue,
    kind: s.bookKind,
    model: s.bookModel,
    bids,
    asks,
    midPrice: sig(mid, 10),
    spreadBps: sig(((asks[0]!.price - bids[0]!.price) / mid) * 1e4, 6),
    sequence: String(bucket),
    // Stored books are a venue's order-book levels: its trading fee is charged on top, not in the prices.
    pricesIncludeFees: false,
    stamp,
  };
}

/** How a venue reports open interest and prices, for `statsFromSnap`. */
export interface StatsStyle {
  /** An order book's OI is one number (longs = shorts): no split by side. */
  oneSided: boolean;
  priceSource: string;
  oiProvenance: string;
}

/** MarketStats of a replayed snapshot (USD values; base units through the quote's USD value). */
export function statsFromSnap(s: Series, snap: Snap, style: StatsStyle): MarketStats {
  const px = snap.mark * s.quoteUsd;
  const one = style.oneSided;
  const usd = one ? snap.oiLongUsd : snap.oiLongUsd + snap.oiShortUsd;
  return {
    markPrice: snap.mark,
    indexPrice: snap.index,
    priceSource: style.priceSource,
    volume24hUsd: snap.volume24hUsd,
    openInterest: {
      base: sig(usd / px, 8),
      usd,
      long: one ? null : snap.oiLongUsd,
      short: one ? null : snap.oiShortUsd,
      longBase: one ? null : sig(snap.oiLongUsd / px, 8),
      shortBase: one ? null : sig(snap.oiShortUsd / px, 8),
      provenance: style.oiProvenance,
    },
  };
}
