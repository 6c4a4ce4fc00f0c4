/**
 * Deterministic generator of the mock datasets: funding inputs every minute, mark/index/OI/volume and a top-10 book
 * every 5 minutes, per venue, from the reference values in reference.ts.
 *
 * Determinism: one seeded PRNG (mulberry32) per venue, no Math.random, and only arithmetic that IEEE 754 rounds
 * identically on every platform (+ − × ÷ and sqrt; no exp/log/sin/pow, whose last bits may differ between engines),
 * so the same code writes the same bytes everywhere. Normals are Irwin–Hall sums of four uniforms.
 */
import type { MarketMeta, Venue } from '../../src/core/types.js';
import { asterBook, avantisBook, BOOK_MODELS, encodeBook, jupiterBook, LEVELS, synBook } from './books.js';
import { DATASET_VERSION, type Dataset, type Series } from '../../src/mocks/dataset.js';
import { HYPERLIQUID, hyperliquidFunding, hyperliquidMeta } from './hyperliquid.js';
import { asterMeta, avantisMeta, jupiterMeta, sig, synfuturesMeta } from './meta.js';
import { clamp, normal, ou, prng, type Rnd } from './random.js';
import {
  ASTER,
  AVANTIS,
  JUPITER,
  JUPITER_USDC,
  SYNFUTURES,
  type AsterRef,
  type AvantisRef,
  type RefCommon,
  type SynRef,
} from './reference.js';

/** Time of the newest row of the shipped datasets (replay rebases it to "now"). */
export const GENERATION_END = Date.parse('2026-11-01T00:00:00.000Z');
export const SEEDS: Record<Venue, number> = { aster: 11, avantis: 23, jupiter: 37, synfutures: 41, hyperliquid: 53 };
export const FUNDING_STEP_MS = 60_000;
export const SNAP_STEP_MS = 300_000;
const SNAPS_PER_DAY = 86_400_000 / SNAP_STEP_MS;
const PER_SNAP = SNAP_STEP_MS / FUNDING_STEP_MS;

export interface GenerateOptions {
  /** Horizon in whole hours. Default 24 (the shipped files); tests use less. */
  hours?: number;
  /** Progress callback, once per market. */
  onMarket?: (id: string, index: number, count: number) => void;
}

interface Shape {
  hours: number;
  snaps: number;
  rows: number;
}

/** Mark random walk ending at the reference price, OI by side, rolling 24 h volume: one value per snapshot. */
function snapshots(rnd: Rnd, r: RefCommon, sh: Shape, oneSidedBook = false) {
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

type Columns = Record<string, number[]>;

/** Margin tokens on Base (docs/venues/synfutures.md §3): the quote's ERC-20 address and decimals. */
const BASE_TOKENS: Record<string, [string, number]> = {
  USDC: ['0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', 6],
  WETH: ['0x4200000000000000000000000000000000000006', 18],
};

/** The static on-chain fields of a SynFutures instrument (Observer setting and QuoteParam) the venue's mock rebuilds. */
function synInstrumentParams(r: SynRef): Record<string, number | string> {
  const [quoteAddress, quoteDecimals] = BASE_TOKENS[r.quote] ?? ['0x0000000000000000000000000000000000000000', 18];
  return {
    quote: r.quote,
    marketType: r.marketType,
    quoteAddress,
    quoteDecimals,
    imrBps: r.imrBps,
    mmrBps: r.imrBps / 2,
    minMarginAmount: r.minMargin,
    tradingFeeRatio: 1,
    protocolFeeRatio: 2,
    insuranceFund: r.insurance,
  };
}

/** The static fields of an Avantis /v2/trading pair entry (docs/venues/avantis.md §1.2) that the venue's mock rebuilds. */
function avantisPairParams(r: AvantisRef): Record<string, number | string> {
  return {
    pairIndex: r.pairIndex,
    group: r.group,
    from: r.variant ? `${r.base}_${r.variant}` : r.base,
    to: r.quote,
    maxLeverage: r.maxLeverage,
    openMakerFeeP: r.makerFeeP,
    openTakerFeeP: r.takerFeeP,
    minLevPosUSDC: 100,
    spreadP: r.spreadP,
    onePercentDepthAbove: r.depthAbove,
    onePercentDepthBelow: r.depthBelow,
    fundingFeePerHourP: r.fundingFeePct,
  };
}

function asterFunding(rnd: Rnd, r: AsterRef, rows: number): Columns {
  // F = premium + clamp(interest − premium, ±0.05 % scaled to the interval), then the fundingInfo cap (venues/aster.md §5).
  const w = (0.0005 * r.intervalHours) / 8;
  const rate = ou(rnd, rows, 0, r.premiumVol, 0.02).map((p) => {
    const f = clamp(p + clamp(r.interest - p, -w, w), -r.cap, r.cap);
    return Number(f.toFixed(8)) || 0;
  });
  return { rate };
}

function avantisFunding(rnd: Rnd, r: AvantisRef, rows: number, oiL: number[], oiS: number[]): Columns {
  // Per-side funding nets to zero by coin OI (one oracle price, so USD ratios are coin ratios); a one-sided book pays
  // exactly fundingFeePerHourP and the empty side shows 0 (venues/avantis.md §5). Margin fee = borrow, both sides pay.
  const c: Columns = { longFundingPct: [], shortFundingPct: [], longBorrowPct: [], shortBorrowPct: [] };
  const borrow = ou(rnd, rows, 1, 0.08, 0.01);
  for (let j = 0; j < rows; j++) {
    const L = oiL[Math.floor(j / PER_SNAP)]!;
    const S = oiS[Math.floor(j / PER_SNAP)]!;
    let lf: number;
    let sf: number;
    if (S === 0 || L === 0) {
      lf = S === 0 ? r.fundingFeePct : 0;
      sf = S === 0 ? 0 : r.fundingFeePct;
    } else {
      const skew = (L - S) / (L + S);
      const pay = Math.min(r.fundingFeePct, r.fundingFeePct * Math.sqrt(Math.abs(skew)) * (1 + 0.03 * normal(rnd)));
      lf = skew >= 0 ? pay : (-pay * S) / L;
      sf = skew >= 0 ? (-pay * L) / S : pay;
    }
    const bf = r.marginFeePct * Math.max(0.5, borrow[j]!);
    c.longFundingPct!.push(sig(lf, 8));
    c.shortFundingPct!.push(sig(sf, 8));
    c.longBorrowPct!.push(sig(bf * (r.longBorrowBias ?? 1), 8));
    c.shortBorrowPct!.push(sig(bf, 8));
  }
  return c;
}

function synFunding(rnd: Rnd, r: SynRef, rows: number): Columns {
  // Payer rate per fundingHour period, (fair − mark) / mark; trades beyond ±IMR revert, so |r| < IMR (venues/synfutures.md §7.4).
  const bound = (0.9 * r.imrBps) / 1e4;
  const sd = Math.abs(r.carry) * 0.3 + (0.0001 * r.fundingHour) / 24;
  return { rate: ou(rnd, rows, r.carry, sd, 0.01).map((x) => sig(clamp(x, -bound, bound), 8)) };
}

function base(over: Partial<Series> & Pick<Series, 'funding' | 'mark' | 'oiLongUsd' | 'oiShortUsd' | 'volume24hUsd' | 'book'>): Series {
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

function build(venue: Venue, rnd: Rnd, sh: Shape, end: number): Array<[MarketMeta, Series]> {
  switch (venue) {
    case 'aster':
      return ASTER.map((r) => {
        const s = snapshots(rnd, r, sh, true);
        const index = ou(rnd, sh.snaps, 0, 0.0002, 0.1).map((b, i) => sig(s.mark[i]! * (1 - b), 8));
        const series = base({
          ...s,
          intervalHours: r.intervalHours,
          capRate: r.cap,
          floorRate: -r.cap,
          tick: r.tick,
          step: r.step,
          bookKind: 'ORDER_BOOK',
          index,
          funding: asterFunding(rnd, r, sh.rows),
          book: encodeBook(asterBook(rnd, r, s.mark)),
        });
        return [asterMeta(r), series];
      });
    case 'avantis':
      return AVANTIS.map((r) => {
        const s = snapshots(rnd, r, sh);
        const funding = avantisFunding(rnd, r, sh.rows, s.oiLongUsd, s.oiShortUsd);
        const series = base({
          ...s,
          bookModel: BOOK_MODELS.avantis,
          schedule: r.weekly ? 'WEEKLY_FX' : null,
          params: avantisPairParams(r),
          funding,
          book: encodeBook(avantisBook(rnd, r, sh.snaps)),
        });
        return [avantisMeta(r, end), series];
      });
    case 'jupiter': {
      // Raw custody utilisation (locked / owned); the venue's mock turns it into the program's integer borrow rate.
      // Every USDC-collateralised short pays the USDC custody's rate, whatever the market (venues/jupiter.md §6.1).
      const util = (u: number) => sig(clamp(u, 0, 1), 8);
      const usdc = ou(rnd, sh.rows, JUPITER_USDC.utilization, 0.03, 0.01).map(util);
      return JUPITER.map((r) => {
        const s = snapshots(rnd, r, sh);
        const longUtilization = ou(rnd, sh.rows, r.utilization, 0.03, 0.01).map(util);
        const series = base({
          ...s,
          bookModel: BOOK_MODELS.jupiter,
          funding: { longUtilization, shortUtilization: usdc },
          book: encodeBook(jupiterBook(rnd, r, sh.snaps)),
        });
        return [jupiterMeta(r), series];
      });
    }
    case 'synfutures':
      return SYNFUTURES.map((r) => {
        const s = snapshots(rnd, r, sh);
        // Index = the feeder's spot; the mark is its EMA (venues/synfutures.md §8).
        const index = ou(rnd, sh.snaps, 0, 0.0003, 0.2).map((b, i) => sig(s.mark[i]! * (1 + b), 8));
        const imr = r.imrBps / 1e4;
        const series = base({
          ...s,
          intervalHours: r.fundingHour,
          capRate: imr,
          floorRate: -imr,
          quoteUsd: r.quoteUsd,
          bookModel: BOOK_MODELS.synfutures,
          params: synInstrumentParams(r),
          index,
          funding: synFunding(rnd, r, sh.rows),
          book: encodeBook(synBook(rnd, r, sh.snaps)),
        });
        return [synfuturesMeta(r), series];
      });
    case 'hyperliquid':
      return HYPERLIQUID.map((r) => {
        const s = snapshots(rnd, r, sh, true);
        // Index = the validators' oracle (CEX spot median); the mark stays within a few bp of it (docs/venues/hyperliquid.md §6).
        const index = ou(rnd, sh.snaps, 0, 0.0002, 0.1).map((b, i) => sig(s.mark[i]! * (1 - b), 8));
        const series = base({
          ...s,
          intervalHours: 1,
          capRate: 0.04,
          floorRate: -0.04,
          tick: r.tick,
          step: r.step,
          bookKind: 'ORDER_BOOK',
          index,
          funding: hyperliquidFunding(rnd, r, sh.rows),
          book: encodeBook(asterBook(rnd, r, s.mark)),
        });
        return [hyperliquidMeta(r), series];
      });
  }
}

/** Generate a venue's dataset in memory (pure: the same venue and options give the same value, every time, everywhere). */
export function generateDataset(venue: Venue, opts: GenerateOptions = {}): Dataset {
  const hours = opts.hours ?? 24;
  if (!Number.isInteger(hours) || hours < 1) throw new Error(`hours must be a whole number ≥ 1, got ${hours}`);
  const sh: Shape = { hours, snaps: hours * (3_600_000 / SNAP_STEP_MS), rows: hours * (3_600_000 / FUNDING_STEP_MS) };
  const pairs = build(venue, prng(SEEDS[venue]), sh, GENERATION_END);
  const series: Record<string, Series> = {};
  pairs.forEach(([m, s], i) => {
    series[m.id] = s;
    opts.onMarket?.(m.id, i, pairs.length);
  });
  return {
    venue,
    version: DATASET_VERSION,
    seed: SEEDS[venue],
    endTime: GENERATION_END,
    hours,
    fundingStepMs: FUNDING_STEP_MS,
    snapStepMs: SNAP_STEP_MS,
    levels: LEVELS,
    markets: pairs.map(([m]) => m),
    series,
  };
}

/**
 * The exact bytes written to mocks/perp_feeds/<venue>.24h.json: compact JSON, non-ASCII characters escaped so the
 * file is pure ASCII (decoding then takes V8's one-byte fast path, a few ms instead of tens).
 */
export function serializeDataset(d: Dataset): string {
  return JSON.stringify(d).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
