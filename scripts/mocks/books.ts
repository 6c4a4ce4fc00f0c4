/**
 * Top-10 books per snapshot for the mock datasets, one builder per venue, as integers (offsets outwards from the
 * reference price, sizes) encoded into the dataset's fixed-width base-36 strings (see dataset.ts).
 * Sections cited are in ../shared/venues/<venue>.md.
 */
import { encodeBookInt, type Series } from '../../src/mocks/dataset.js';
import { ou, type Rnd } from './random.js';
import type { AsterRef, AvantisRef, JupiterRef, SynRef } from './reference.js';

export const LEVELS = 10;

export interface Book {
  bidOff: number[];
  bidSize: number[];
  askOff: number[];
  askSize: number[];
}
const emptyBook = (): Book => ({ bidOff: [], bidSize: [], askOff: [], askSize: [] });

/** Aster (§2.7 fapi depth): offsets in ticks, gaps of 1–5 ticks, sizes in size steps (at least 50). */
/** An order book's levels around each mark: any venue with a tick grid, a size step and a typical level size. */
export function asterBook(rnd: Rnd, r: Pick<AsterRef, 'levelUsd' | 'step'>, mark: number[]): Book {
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

/** Cumulative fractions of the 1 % depth at which synthetic Avantis levels are quoted. */
const AVANTIS_FRACTIONS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/**
 * Avantis (§2.5 b, §6), the live connector's model (src/venues/avantis/normalize.ts): a trade of notional C fills at
 * oracle × (1 ± d(C)) with d(C) = spread + C / onePercentDepth × 1 %; the level covering (C₁, C₂] is priced so that the
 * VWAP of a walk to C₂ is that fill. Cumulative notionals run from 0.1 % to 100 % of the depth. A flow term widens the
 * spread.
 */
export function avantisBook(rnd: Rnd, r: AvantisRef, snaps: number): Book {
  const b = emptyBook();
  const flow = ou(rnd, snaps, 0, 0.15, 0.05);
  for (let i = 0; i < snaps; i++) {
    const spread = (r.spreadP / 100) * (1 + Math.abs(flow[i]!));
    for (const [offs, sizes, depth, dir] of [
      [b.bidOff, b.bidSize, r.depthBelow, -1],
      [b.askOff, b.askSize, r.depthAbove, 1],
    ] as const) {
      let prevOff = 0;
      let prevC = 0;
      let prevQ = 0;
      for (const f of AVANTIS_FRACTIONS) {
        const c = depth * f * (0.98 + 0.04 * rnd());
        const cum = Math.max(c, prevC + 1);
        const q = cum / (1 + dir * (spread + (cum / depth) * 0.01)); // base units (per unit of oracle price) up to `cum`
        const ratio = (cum - prevC) / (q - prevQ); // level price / oracle
        const off = Math.max(prevOff + 1, Math.round(Math.abs(ratio - 1) * 1e6));
        offs.push(off);
        sizes.push(Math.max(1, Math.round(cum - prevC)));
        prevOff = off;
        prevC = cum;
        prevQ = q;
      }
    }
  }
  return b;
}

const JUPITER_NOTIONALS = [1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7];
/** Jupiter (§7, §8): 6 bps base fee + linear impact (10 bps per $1M), capped at 150 bps and at available liquidity. */
export function jupiterBook(rnd: Rnd, r: JupiterRef, snaps: number): Book {
  const b = emptyBook();
  const scale = ou(rnd, snaps, 1, 0.05, 0.05);
  for (let i = 0; i < snaps; i++) {
    for (const [offs, sizes, tilt] of [
      [b.bidOff, b.bidSize, 1 - (r.longShare - 0.5)],
      [b.askOff, b.askSize, 1 + (r.longShare - 0.5)],
    ] as const) {
      let prev = 0;
      let filled = 0;
      JUPITER_NOTIONALS.forEach((n) => {
        const impact = Math.min(150, (n / 1e5) * Math.max(0.5, scale[i]!) * tilt);
        const off = Math.max(prev + 1, Math.round((6 + impact) * 100));
        offs.push(off);
        prev = off;
        const next = Math.min(n, r.availableUsd);
        sizes.push(Math.max(1, Math.round(next - filled)));
        filled = next;
      });
    }
  }
  return b;
}

/** 1.0001^(5n) for n = 0..60, by repeated multiplication (pow is not bit-identical across engines). */
const TICK5: number[] = [1];
for (let i = 1, x = 1; i <= 60; i++) {
  for (let t = 0; t < 5; t++) x *= 1.0001;
  TICK5.push(x);
}

/** SynFutures (§9): ranges + limit orders on 5-tick order spacing around the AMM fair price, liquidity decaying outwards. */
export function synBook(rnd: Rnd, r: SynRef, snaps: number): Book {
  const b = emptyBook();
  for (let i = 0; i < snaps; i++) {
    for (const [offs, sizes, side] of [
      [b.bidOff, b.bidSize, -1],
      [b.askOff, b.askSize, 1],
    ] as const) {
      let n = 1;
      for (let k = 0; k < LEVELS; k++) {
        if (k > 0) n += rnd() < 0.7 ? 1 : 2;
        const f = TICK5[n]!;
        offs.push(Math.round((side > 0 ? f - 1 : 1 - 1 / f) * 1e6));
        sizes.push(Math.round(r.levelUsd * (1.25 - 0.07 * k) * (0.6 + 0.8 * rnd())));
      }
    }
  }
  return b;
}

export const BOOK_MODELS = {
  avantis:
    'avantis-linear-impact: Pyth oracle price ± spreadP, then linear price impact reaching 1 % at pairParams.onePercentDepthAbove/Below; ' +
    'levels priced so that a walk to a level boundary fills at its cumulative notional’s price, 0.1 % … 100 % of that depth ' +
    '(venues/avantis.md §2.5 b, §6)',
  jupiter:
    'jupiter-fee-ladder: Doves oracle price ± (6 bps base fee + linear price-impact fee, 10 bps per $1M, capped at 150 bps) at ' +
    'notionals $10k … $10M, sizes capped by custody available liquidity (venues/jupiter.md §7, §8)',
  synfutures:
    'synfutures-oyster-amm: concentrated-liquidity ranges + limit orders walked tick by tick (Observer.liquidityDetails) on 5-tick ' +
    'order spacing around the AMM fair price = mark × (1 + funding rate) (venues/synfutures.md §7, §9)',
} as const;

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
