/**
 * The delta-neutral scout, pure: for every pair of venues listing the same base, the direction with the better
 * carry, each leg's cost to hold its side (funding + borrow, from core/funding.ts), fees, VWAP slippage at the
 * notional (real or synthetic depth), expected funding over the hold respecting discrete settlements, net PnL,
 * break-even, capacity and 7-day stability. Every part is a field, so a result explains itself.
 */
import { annualize } from '../core/funding.js';
import { capacityUsd, walkBook } from '../core/slippage.js';
import { TOP_OF_BOOK, type FundingRate, type OrderBook, type Venue } from '../core/types.js';
import { stability } from './stability.js';

export interface FreshnessInfo {
  asOf: number;
  ageMs: number;
  slaMs: number;
  stale: boolean;
  source: 'LIVE' | 'CACHED' | 'MOCK';
}

export interface SpreadCandidate {
  marketId: string;
  venue: Venue;
  base: string;
  /** Canonical quote (USD, ETH, …): only same-base, same-quote markets pair up. */
  quote: string;
  /** The market's index is venue-controlled or thin (the venue flags it INDEX_SYNTHETIC): excluded unless includeStale. */
  syntheticIndex?: boolean;
  funding: FundingRate;
  book: OrderBook | null;
  takerFee: number | null;
  /** The market charges a share of the profit instead of open/close fees (venue flag ZERO_FEE_PNL_SHARE). */
  pnlShare?: boolean;
  freshness: FreshnessInfo;
  /** Hourly (or finer) history of this market's per-side costs over the last 7 days. */
  history?: Array<{ time: number; longCostPerHour: number | null; shortCostPerHour: number | null }>;
}

/** How a leg's trading fee is counted (GraphQL `LegFeeModel`). */
export type LegFeeModel = 'TAKER' | 'IN_BOOK' | 'PNL_SHARE';

/** One leg (GraphQL `SpreadLeg`). */
export interface SpreadLegModel {
  venue: Venue;
  marketId: string;
  side: 'LONG' | 'SHORT';
  /** The market's longCostPerHour (long leg) or shortCostPerHour (short leg): fraction of notional, positive = pays. */
  costPerHour: number;
  /** The venue's taker fee fraction, charged on entry and on exit; null when the venue publishes none (or a PnL share). */
  feeRate: number | null;
  /**
   * TAKER: feeRate is added to the book's prices. IN_BOOK: the depth book's prices already include the fee
   * (`pricesIncludeFees`, e.g. a pool's fee ladder), so slippage is measured net of it and the fee counts once.
   * PNL_SHARE: no open/close fee, a share of the profit instead (flag ZERO_FEE_PNL_SHARE): not modelled, incomplete.
   */
  feeModel: LegFeeModel;
  /** Entry slippage at the notional vs mid, bps, net of a fee the book already includes; null without a usable book. */
  slippageBps: number | null;
  /** Entry + exit slippage of this leg at the notional, USD; null without a usable book. */
  slippageUsd: number | null;
  /** What is missing on this leg ('feeRate: …', 'slippage: …'); empty when the leg is complete. */
  incomplete: string[];
  freshness: FreshnessInfo;
  /**
   * The leg's slippage is a lower bound: its book is top of book only (flag TOP_OF_BOOK, one level per side, so the
   * notional beyond the best level is priced there) or the notional walks past the visible levels. False when unknown.
   */
  slippageLowerBound: boolean;
}

/** One long/short pair (GraphQL `FundingSpread`); money in USD, rates as fractions of notional. */
export interface SpreadModel {
  base: string;
  long: SpreadLegModel;
  short: SpreadLegModel;
  /** −(long cost + short cost) per hour; positive = the pair collects. */
  netCarryPerHour: number;
  /** netCarryPerHour × 8760 (core/funding.ts `annualize`). */
  netCarryApr: number;
  /** Both legs' carry over holdHours, discrete settlements respected (`expectedCarryUsd`). */
  expectedFundingUsd: number;
  /** notional × (long fee + short fee) × 2 (entry and exit); null when a leg's fee is unknown. */
  feesUsd: number | null;
  /** Entry + exit slippage of both legs, USD; null when a leg has no usable book. */
  slippageUsd: number | null;
  /** expectedFundingUsd − feesUsd − slippageUsd; null when the row is incomplete (never a guess). */
  netExpectedPnlUsd: number | null;
  /** (feesUsd + slippageUsd) / (netCarryPerHour × notional); null when carry ≤ 0 or the costs are unknown. */
  breakEvenHours: number | null;
  /** Largest notional whose entry slippage stays under the threshold on both legs (≤ visible depth); null without books. */
  capacityUsd: number | null;
  /** The notional walks past the visible levels on a leg (slippage is then a lower bound), or a leg has no book. */
  notionalExceedsDepth: boolean;
  /** Both legs' missing parts, prefixed 'long.' / 'short.'; empty when every figure is known. */
  incomplete: string[];
  /** Time-bucketed (hourly) mean and standard deviation of the pair's net carry APR over the last 7 days; null with < 2 common hours. */
  spreadMeanApr7d: number | null;
  spreadStdDevApr7d: number | null;
  /** Hours of the 7-day window in which both legs have history (what the mean and std rest on). */
  spreadSamples7d: number;
  /** spreadSamples7d / 168: the fraction of the 7-day window covered. */
  spreadCoverage7d: number;
}

export interface SpreadOptions {
  /** Only candidates on this base asset (case-insensitive). Default: every base present in the input. */
  base?: string;
  /** Position size per leg, USD. Default 10 000. */
  notionalUsd?: number;
  /** Holding period for expected funding and net PnL, hours. Default 24. */
  holdHours?: number;
  /** Evaluation time (ms): settlement times and the 7-day stability window are relative to it. */
  now: number;
  /** Keep stale legs, MOCK legs and synthetic-index markets. Default false. */
  includeStale?: boolean;
  /** Accept MOCK legs (mock mode, or auto mode with a venue on its mock dataset); they stay labelled in each leg's freshness. Default false. */
  allowMock?: boolean;
  /** Return rows with a missing fee, book or rate (ranked after every complete row). Default false. */
  includeIncomplete?: boolean;
  /** Maximum number of pairs returned, best first. Default: all. */
  limit?: number;
  /** Capacity threshold: the largest notional whose entry slippage stays at or under this many bps on both legs. Default 25. */
  capacityBps?: number;
}

export const SPREAD_DEFAULTS = {
  notionalUsd: 10_000,
  holdHours: 24,
  includeStale: false,
  allowMock: false,
  includeIncomplete: false,
  capacityBps: 25,
} as const;

type Resolved = Required<Omit<SpreadOptions, 'base' | 'limit'>>;

const HOUR = 3_600_000;

/**
 * Entry+exit slippage of one leg, USD and entry bps, measured against mid. Where the book's prices already include
 * the venue fee (`pricesIncludeFees`), the fee is taken out of each walk so that it is counted once, by feeRate.
 * Null without a book, a mid, or levels on a side walked: never a 0 standing in for an unknown.
 */
function legSlippage(
  c: SpreadCandidate,
  side: 'LONG' | 'SHORT',
  notional: number,
  feeInBookBps: number,
): { usd: number; entryBps: number; exceeds: boolean } | { missing: string } {
  const b = c.book;
  if (!b) return { missing: 'slippage: no depth book for this market' };
  if (b.midPrice === null) return { missing: 'slippage: the depth book has no mid price' };
  const entry = walkBook(side === 'LONG' ? b.asks : b.bids, b.midPrice, notional);
  const exit = walkBook(side === 'LONG' ? b.bids : b.asks, b.midPrice, notional);
  if (!entry || !exit) return { missing: 'slippage: the depth book has an empty side' };
  const entryBps = entry.bps - feeInBookBps;
  const exitBps = exit.bps - feeInBookBps;
  return { usd: (notional * (entryBps + exitBps)) / 1e4, entryBps, exceeds: entry.exceedsDepth || exit.exceedsDepth };
}

/**
 * Carry received (positive) by holding `side` of `notional` USD from `now` for `holdHours`, USD. A
 * PERIODIC_FUNDING leg with a known next funding time is paid only at its settlements inside (now, now + hold]
 * (an 8-hour venue settling in 7 hours pays nothing to a 6-hour hold); every other leg (continuous funding,
 * borrow, funding + borrow, or a periodic venue without a next time) accrues its per-hour cost continuously.
 */
export function expectedCarryUsd(f: FundingRate, side: 'LONG' | 'SHORT', notional: number, holdHours: number, now: number): number | null {
  const cost = side === 'LONG' ? f.longCostPerHour : f.shortCostPerHour;
  if (cost === null) return null;
  if (f.model === 'PERIODIC_FUNDING' && f.rate !== null && f.intervalHours && f.nextFundingTime !== null) {
    // Settlements at nextFundingTime + k·interval; one already past (venues send it late) rolls forward.
    const step = f.intervalHours * HOUR;
    let t = f.nextFundingTime;
    if (t <= now) t += (Math.floor((now - t) / step) + 1) * step;
    const end = now + holdHours * HOUR;
    const payments = t > end ? 0 : Math.floor((end - t) / step) + 1;
    return payments * (side === 'LONG' ? -f.rate : f.rate) * notional;
  }
  return -cost * holdHours * notional;
}

function legCapacity(c: SpreadCandidate, side: 'LONG' | 'SHORT', bps: number): number | null {
  const b = c.book;
  if (!b || b.midPrice === null) return null;
  return capacityUsd(side === 'LONG' ? b.asks : b.bids, b.midPrice, bps);
}

/** One leg's fee model, fee and slippage; what it cannot know goes to `incomplete`, never a 0. */
function leg(c: SpreadCandidate, side: 'LONG' | 'SHORT', cost: number, n: number): SpreadLegModel & { exceeds: boolean } {
  const incomplete: string[] = [];
  const feeModel: LegFeeModel = c.pnlShare ? 'PNL_SHARE' : c.book?.pricesIncludeFees ? 'IN_BOOK' : 'TAKER';
  const feeRate = feeModel === 'PNL_SHARE' ? null : c.takerFee;
  if (feeModel === 'PNL_SHARE')
    incomplete.push('feeRate: profit-share market (ZERO_FEE_PNL_SHARE): the fee is a share of the profit, not modelled');
  else if (feeRate === null) incomplete.push('feeRate: the venue publishes no taker fee for this market');
  // A fee the book includes is taken out of the walk; unknown, the walk cannot be split: slippage is unknown too.
  const inBook = feeModel === 'IN_BOOK' ? (feeRate === null ? null : feeRate * 1e4) : 0;
  const sl = inBook === null ? { missing: 'slippage: the book includes an unknown fee' } : legSlippage(c, side, n, inBook);
  if ('missing' in sl) incomplete.push(sl.missing);
  return {
    venue: c.venue,
    marketId: c.marketId,
    side,
    costPerHour: cost,
    feeRate,
    feeModel,
    slippageBps: 'missing' in sl ? null : sl.entryBps,
    slippageUsd: 'missing' in sl ? null : sl.usd,
    incomplete,
    freshness: c.freshness,
    slippageLowerBound: !('missing' in sl) && (sl.exceeds || (c.book?.flags?.includes(TOP_OF_BOOK) ?? false)),
    exceeds: 'missing' in sl ? true : sl.exceeds,
  };
}

function build(long: SpreadCandidate, short: SpreadCandidate, o: Resolved): SpreadModel | null {
  const lc = long.funding.longCostPerHour;
  const sc = short.funding.shortCostPerHour;
  if (lc === null || sc === null) return null; // no carry, no direction: the pair is not a spread
  const n = o.notionalUsd;
  const net = -(lc + sc);
  const { exceeds: le, ...l } = leg(long, 'LONG', lc, n);
  const { exceeds: se, ...s } = leg(short, 'SHORT', sc, n);
  const el = expectedCarryUsd(long.funding, 'LONG', n, o.holdHours, o.now);
  const es = expectedCarryUsd(short.funding, 'SHORT', n, o.holdHours, o.now);
  if (el === null || es === null) return null;
  const expected = el + es;
  const fees = l.feeRate === null || s.feeRate === null ? null : 2 * n * (l.feeRate + s.feeRate);
  const slip = l.slippageUsd === null || s.slippageUsd === null ? null : l.slippageUsd + s.slippageUsd;
  const capL = legCapacity(long, 'LONG', o.capacityBps);
  const capS = legCapacity(short, 'SHORT', o.capacityBps);
  const st = stability(long.history, short.history, o.now);
  return {
    base: long.base,
    long: l,
    short: s,
    netCarryPerHour: net,
    netCarryApr: annualize(net),
    expectedFundingUsd: expected,
    feesUsd: fees,
    slippageUsd: slip,
    netExpectedPnlUsd: fees === null || slip === null ? null : expected - fees - slip,
    breakEvenHours: net > 0 && fees !== null && slip !== null ? (fees + slip) / (net * n) : null,
    capacityUsd: capL === null || capS === null ? null : Math.min(capL, capS),
    notionalExceedsDepth: le || se,
    incomplete: [...l.incomplete.map((m) => `long.${m}`), ...s.incomplete.map((m) => `short.${m}`)],
    spreadMeanApr7d: st.mean,
    spreadStdDevApr7d: st.std,
    spreadSamples7d: st.samples,
    spreadCoverage7d: st.coverage,
  };
}

/** Complete rows first (by net expected PnL), then incomplete ones (by net carry): an unknown cost never outranks a known one. */
function rank(x: SpreadModel, y: SpreadModel): number {
  if (x.netExpectedPnlUsd !== null && y.netExpectedPnlUsd !== null) return y.netExpectedPnlUsd - x.netExpectedPnlUsd;
  if (x.netExpectedPnlUsd !== null) return -1;
  if (y.netExpectedPnlUsd !== null) return 1;
  return y.netCarryPerHour - x.netCarryPerHour;
}

/**
 * Every cross-venue pair of candidates on the same base and quote, in the direction with the better carry
 * (positive where one exists): complete rows sorted by net expected PnL (best first), then, with
 * includeIncomplete, the rows missing a fee or a book. Pure: same input, same output.
 */
export function computeSpreads(candidates: readonly SpreadCandidate[], options: SpreadOptions): SpreadModel[] {
  const o: Resolved = {
    notionalUsd: options.notionalUsd ?? SPREAD_DEFAULTS.notionalUsd,
    holdHours: options.holdHours ?? SPREAD_DEFAULTS.holdHours,
    now: options.now,
    includeStale: options.includeStale ?? SPREAD_DEFAULTS.includeStale,
    allowMock: options.allowMock ?? SPREAD_DEFAULTS.allowMock,
    includeIncomplete: options.includeIncomplete ?? SPREAD_DEFAULTS.includeIncomplete,
    capacityBps: options.capacityBps ?? SPREAD_DEFAULTS.capacityBps,
  };
  const base = options.base?.toUpperCase();
  const usable = candidates.filter(
    (c) =>
      (base === undefined || c.base.toUpperCase() === base) &&
      (o.includeStale || !c.freshness.stale) &&
      (o.allowMock || o.includeStale || c.freshness.source !== 'MOCK') &&
      (o.includeStale || !c.syntheticIndex),
  );
  const out: SpreadModel[] = [];
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const a = usable[i]!;
      const b = usable[j]!;
      if (a.venue === b.venue || a.base !== b.base || a.quote !== b.quote) continue;
      const ab = build(a, b, o);
      const ba = build(b, a, o);
      const best = ab && ba ? (ab.netCarryPerHour >= ba.netCarryPerHour ? ab : ba) : (ab ?? ba);
      if (best && (o.includeIncomplete || best.incomplete.length === 0)) out.push(best);
    }
  }
  out.sort(rank);
  return options.limit === undefined ? out : out.slice(0, Math.max(0, options.limit));
}
