/**
 * The venue-agnostic kit of the deterministic mock-dataset generator (`npm run mocks:generate`, scripts/mocks/): a
 * seeded PRNG, mean-reverting series, the snapshot columns every market carries, an order-book level builder and the
 * book encoding. Each venue's `mock-seed.ts` holds its reference markets and turns them into dataset series with
 * this kit; reference prices per base asset live in reference-prices.ts, shared by every venue.
 *
 * Determinism: one seeded PRNG (mulberry32) per venue, no Math.random, and only arithmetic that IEEE 754 rounds
 * identically on every platform (+ − × ÷ and sqrt; no exp/log/sin/pow, whose last bits may differ between engines),
 * so the same code writes the same bytes everywhere. Normals are Irwin–Hall sums of four uniforms.
 */
import { canonicalQuote, marketId } from '../core/symbols.js';
import type { MarketMeta, Venue } from '../core/types.js';
import { encodeBookInt, type Series } from './dataset.js';

/** mulberry32: small, fast, deterministic uniform [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rnd = () => number;
const SQRT3 = Math.sqrt(3);
/** ≈ standard normal (Irwin–Hall n = 4, variance 1). */
export const normal = (rnd: Rnd): number => (rnd() + rnd() + rnd() + rnd() - 2) * SQRT3;
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
/** Round to `n` significant digits (pure arithmetic on the decimal string, identical on every platform). */
export const sig = (x: number, n = 6): number => Number(x.toPrecision(n));

/** Mean-reverting series (Ornstein–Uhlenbeck, Euler steps) with stationary std-dev `sd`. */
export function ou(rnd: Rnd, n: number, mean: number, sd: number, theta: number): number[] {
  const sigma = sd * Math.sqrt(2 * theta - theta * theta);
  const out: number[] = [];
  let x = mean;
  for (let i = 0; i < n; i++) {
    x += theta * (mean - x) + sigma * normal(rnd);
    out.push(x);
  }
  return out;
}

/** Time of the newest row of the shipped datasets (replay rebases it to "now"). */
export const GENERATION_END = Date.parse('2026-11-01T00:00:00.000Z');
export const FUNDING_STEP_MS = 60_000;
export const SNAP_STEP_MS = 300_000;
/** Book levels per side and snapshot. */
export const LEVELS = 10;
const SNAPS_PER_DAY = 86_400_000 / SNAP_STEP_MS;
/** Funding rows per snapshot. */
export const PER_SNAP = SNAP_STEP_MS / FUNDING_STEP_MS;

/** Row counts of one dataset. */
export interface Shape {
  hours: number;
  snaps: number;
  rows: number;
}

/** What a venue's seed receives: the venue's PRNG, the row counts and the time of the newest row. */
export interface SeedContext {
  rnd: Rnd;
  shape: Shape;
  end: number;
}

/** A venue's generator seed (its `mock-seed.ts`, exposed through the registry entry's `seed`). */
export interface MockSeed {
  /** The venue's PRNG seed (distinct per venue, fixed forever: changing it rewrites the committed dataset). */
  seed: number;
  /** The venue's markets, metadata and series, in dataset order. */
  markets(ctx: SeedContext): Array<[MarketMeta, Series]>;
}

/** Fields every venue's reference market carries. */
export interface RefCommon {
  base: string;
  quote: string;
  venueSymbol: string;
  variant?: string;
  /** Mark price at the newest snapshot, in quote units (from reference-prices.ts). */
  price: number;
  /** Daily volatility (fraction) of the mark random walk. */
  vol: number;
  volume24hUsd: number;
  /** Total open interest in USD (an order book: one side, its longs equal its shorts). */
  oiUsd: number;
  /** Long share of OI, 0..1 (1 = one-sided long). */
  longShare: number;
}

/** Mark random walk ending at the reference price, OI by side, rolling 24 h volume: one value per snapshot. */
export function snapshots(rnd: Rnd, r: RefCommon, sh: Shape, oneSidedBook = false) {
  const sigma = r.vol / Math.sqrt(SNAPS_PER_DAY);
  const path = [1];
  for (let i = 1; i < sh.snaps; i++) path.push(path[i - 1]! * (1 + sigma * normal(rnd)));
  const scale = r.price / path[sh.snaps - 1]!;
  const mark = path.map((p) => sig(p * scale, 8));
  const total = ou(rnd, sh.snaps, r.oiUsd, 0.05 * r.oiUsd, 0.03).map((x) => Math.max(0.2 * r.oiUsd, x));
  const share = ou(rnd, sh.snaps, r.longShare, 0.03, 0.05);
  const oiLongUsd: number[] = [];
  const oiShortUsd: number[] = [];
  total.forEach((t, i) => {
    // An order book's open interest is one number (longs = shorts); a one-sided pool pair has no shorts at all.
    const s = oneSidedBook ? 0.5 : r.longShare >= 1 ? 1 : clamp(share[i]!, 0.05, 0.95);
    oiLongUsd.push(Math.round(oneSidedBook ? t : t * s));
    oiShortUsd.push(Math.round(oneSidedBook ? t : t * (1 - s)));
  });
  const volume24hUsd = ou(rnd, sh.snaps, r.volume24hUsd, 0.04 * r.volume24hUsd, 0.02).map((x) => Math.round(Math.max(0, x)));
  return { mark, oiLongUsd, oiShortUsd, volume24hUsd };
}

/** An index series a few bp from each mark: `sign` −1 below it (index = mark × (1 − b)), +1 above. */
export function indexNear(rnd: Rnd, mark: number[], sd: number, theta: number, sign: 1 | -1): number[] {
  return ou(rnd, mark.length, 0, sd, theta).map((b, i) => sig(mark[i]! * (1 + sign * b), 8));
}

type SeriesCore = Pick<Series, 'funding' | 'mark' | 'oiLongUsd' | 'oiShortUsd' | 'volume24hUsd' | 'book'>;
/** A series with the defaults of a synthetic, around-the-clock, hourly market in USD. */
export function series(over: Partial<Series> & SeriesCore): Series {
  return {
    intervalHours: 1,
    capRate: null,
    floorRate: null,
    quoteUsd: 1,
    tick: null,
    step: null,
    bookKind: 'SYNTHETIC',
    bookModel: null,
    schedule: null,
    index: null,
    ...over,
  };
}

/** The identity fields of a market's metadata, from its reference row. */
export function identity(
  venue: Venue,
  r: RefCommon,
): Pick<MarketMeta, 'id' | 'venue' | 'symbol' | 'venueSymbol' | 'baseAsset' | 'quoteAsset' | 'variant'> {
  const id = marketId(venue, r.base, r.quote, r.variant);
  const [base, quote] = id.slice(id.indexOf(':') + 1).split('-') as [string, string];
  return {
    id,
    venue,
    symbol: `${base}-${quote}`,
    venueSymbol: r.venueSymbol,
    baseAsset: base,
    quoteAsset: canonicalQuote(quote),
    variant: r.variant ?? null,
  };
}

/** A book as integers per level: offsets outwards from the reference price, and sizes. */
export interface Book {
  bidOff: number[];
  bidSize: number[];
  askOff: number[];
  askSize: number[];
}
export const emptyBook = (): Book => ({ bidOff: [], bidSize: [], askOff: [], askSize: [] });

/** An order book's levels around each mark: offsets in ticks (gaps of 1–5 ticks), sizes in size steps (at least 50). */
export function orderBookLevels(rnd: Rnd, r: { levelUsd: number; step: number }, mark: number[]): Book {
  const b = emptyBook();
  const gap = () => {
    const u = rnd();
    return 1 + (u < 0.55 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : 4);
  };
  for (const m of mark) {
    for (const [offs, sizes] of [
      [b.bidOff, b.bidSize],
      [b.askOff, b.askSize],
    ] as const) {
      let off = rnd() < 0.7 ? 0 : 1;
      for (let k = 0; k < LEVELS; k++) {
        if (k > 0) off += gap();
        offs.push(off);
        sizes.push(Math.max(50, Math.round((r.levelUsd * (0.3 + 1.4 * rnd()) * (1 + 0.12 * k)) / m / r.step)));
      }
    }
  }
  return b;
}

/** Fixed-width base-36 strings, each width the smallest that fits the series' largest integer. */
export function encodeBook(b: Book): Series['book'] {
  const width = (xs: number[]) => Math.max(1, ...xs.map((x) => x.toString(36).length));
  const offWidth = width([...b.bidOff, ...b.askOff]);
  const sizeWidth = width([...b.bidSize, ...b.askSize]);
  const str = (xs: number[], w: number) => xs.map((x) => encodeBookInt(x, w)).join('');
  return {
    offWidth,
    sizeWidth,
    bidOff: str(b.bidOff, offWidth),
    bidSize: str(b.bidSize, sizeWidth),
    askOff: str(b.askOff, offWidth),
    askSize: str(b.askSize, sizeWidth),
  };
}

/** An order-book market's reference fields: its price grid and the typical USD resting at one level. */
export interface BookRef extends RefCommon {
  tick: number;
  step: number;
  levelUsd: number;
}

/**
 * The series of a central-limit-order-book market: one-sided OI (longs = shorts), an index a few bp below the mark,
 * the venue's funding columns (`funding`, drawn after the index) and an order book on the tick/step grid.
 */
export function orderBookSeries(
  rnd: Rnd,
  r: BookRef,
  shape: Shape,
  o: { intervalHours: number; cap: number; funding: (rnd: Rnd, rows: number) => Series['funding'] },
): Series {
  const s = snapshots(rnd, r, shape, true);
  const index = indexNear(rnd, s.mark, 0.0002, 0.1, -1);
  return series({
    ...s,
    intervalHours: o.intervalHours,
    capRate: o.cap,
    floorRate: -o.cap,
    tick: r.tick,
    step: r.step,
    bookKind: 'ORDER_BOOK',
    index,
    funding: o.funding(rnd, shape.rows),
    book: encodeBook(orderBookLevels(rnd, r, s.mark)),
  });
}
