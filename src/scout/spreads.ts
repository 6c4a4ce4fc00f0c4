/**
 * The delta-neutral scout, pure: for every pair of venues listing the same base, the direction with the better
 * carry, each leg's cost to hold its side (funding + borrow, from core/funding.ts), fees, VWAP slippage at the
 * notional (real or synthetic depth), expected funding over the hold respecting discrete settlements, net PnL,
 * break-even, capacity and 7-day stability. Every part is a field, so a result explains itself.
 */
import { annualize } from '../core/funding.js';
import { capacityUsd, walkBook } from '../core/slippage.js';
import type { FundingRate, OrderBook, Venue } from '../core/types.js';

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
  freshness: FreshnessInfo;
  /** Hourly (or finer) history of this market's per-side costs over the last 7 days. */
  history?: Array<{ time: number; longCostPerHour: number | null; shortCostPerHour: number | null }>;
}

/** One leg (GraphQL `SpreadLeg`). */
export interface SpreadLegModel {
  venue: Venue;
  marketId: string;
  side: 'LONG' | 'SHORT';
  /** The market's longCostPerHour (long leg) or shortCostPerHour (short leg): fraction of notional, positive = pays. */
  costPerHour: number;
  /** Taker fee fraction, charged on entry and on exit (0 when the venue publishes none). */
  feeRate: number;
  /** Entry slippage at the notional vs mid, bps (VWAP through the real or synthetic book; 0 without a book). */
  slippageBps: number;
  freshness: FreshnessInfo;
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
  /** notional × (long taker + short taker) × 2 (entry and exit). */
  feesUsd: number;
  /** notional × (entry + exit bps of both legs) / 1e4. */
  slippageUsd: number;
  /** expectedFundingUsd − feesUsd − slippageUsd. */
  netExpectedPnlUsd: number;
  /** (feesUsd + slippageUsd) / (netCarryPerHour × notional); null when carry ≤ 0. */
  breakEvenHours: number | null;
  /** Largest notional whose entry slippage stays under the threshold on both legs (≤ visible depth); null without books. */
  capacityUsd: number | null;
  /** The notional walks past the visible levels on a leg (or a leg has no book). */
  notionalExceedsDepth: boolean;
  /** Time-bucketed (hourly) mean and standard deviation of the pair's net carry APR over the last 7 days; null with < 2 common hours. */
  spreadMeanApr7d: number | null;
  spreadStdDevApr7d: number | null;
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
  /** Maximum number of pairs returned, best first. Default: all. */
  limit?: number;
  /** Capacity threshold: the largest notional whose entry slippage stays at or under this many bps on both legs. Default 25. */
  capacityBps?: number;
}

export const SPREAD_DEFAULTS = { notionalUsd: 10_000, holdHours: 24, includeStale: false, allowMock: false, capacityBps: 25 } as const;

type Resolved = Required<Omit<SpreadOptions, 'base' | 'limit'>>;

const HOUR = 3_600_000;

/** Entry+exit slippage of one leg, USD and entry bps. */
function legSlippage(c: SpreadCandidate, side: 'LONG' | 'SHORT', notional: number): { usd: number; entryBps: number; exceeds: boolean } {
  const b = c.book;
  if (!b || b.midPrice === null) return { usd: 0, entryBps: 0, exceeds: true };
  const entry = walkBook(side === 'LONG' ? b.asks : b.bids, b.midPrice, notional);
  const exit = walkBook(side === 'LONG' ? b.bids : b.asks, b.midPrice, notional);
  if (!entry || !exit) return { usd: 0, entryBps: 0, exceeds: true };
  return { usd: (notional * (entry.bps + exit.bps)) / 1e4, entryBps: entry.bps, exceeds: entry.exceedsDepth || exit.exceedsDepth };
}

/**
 * Carry received (positive) by holding `side` of `notional` USD from `now` for `holdHours`, USD. A
 * PERIODIC_FUNDING leg with a known next funding time is paid only at its settlements inside (now, now + hold]
 * (an 8-hour venue settling in 7 hours pays nothing to a 6-hour hold); every other leg (continuous funding,
 * borrow, funding + borrow, or a periodic venue without a next time) accrues its per-hour cost continuously.
 */
export function expectedCarryUsd(f: FundingRate, side: 'LONG' | 'SHORT', notional: number, holdHours: number, now: number): number {
  const cost = side === 'LONG' ? f.longCostPerHour : f.shortCostPerHour;
  if (cost === null) return 0;
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

/** A history point stands for the time before it (an 8-hour payment settles the preceding 8 hours), up to this long. */
const FILL_HOURS = 8;

/**
 * Hour index → this leg's mean cost in that hour over the 7 days before `now`; an hour with no point takes the
 * next point's value within 8 h (gaps between points only).
 */
function hourly(h: NonNullable<SpreadCandidate['history']>, key: 'longCostPerHour' | 'shortCostPerHour', now: number): Map<number, number> {
  const first = Math.floor((now - 7 * 24 * HOUR) / HOUR);
  const last = Math.floor(now / HOUR);
  const sums = new Map<number, { s: number; n: number }>();
  for (const p of h) {
    const v = p[key];
    const k = Math.floor(p.time / HOUR);
    if (v === null || k < first || k > last) continue;
    const e = sums.get(k) ?? { s: 0, n: 0 };
    sums.set(k, { s: e.s + v, n: e.n + 1 });
  }
  const out = new Map<number, number>();
  // Never before the first point: a gateway sampler that started an hour ago says nothing about the hours before.
  const start = Math.max(first, Math.min(...sums.keys()));
  let next: { k: number; v: number } | null = null;
  for (let k = last; k >= start; k--) {
    const e = sums.get(k);
    if (e) next = { k, v: e.s / e.n };
    if (next && next.k - k < FILL_HOURS) out.set(k, next.v);
  }
  return out;
}

/** Mean and standard deviation of the pair's hourly net carry APR over the 7 days before `now`. */
function stability(long: SpreadCandidate, short: SpreadCandidate, now: number): { mean: number | null; std: number | null } {
  if (!long.history?.length || !short.history?.length) return { mean: null, std: null };
  const lc = hourly(long.history, 'longCostPerHour', now);
  const sc = hourly(short.history, 'shortCostPerHour', now);
  const aprs: number[] = [];
  for (const [k, v] of lc) {
    const w = sc.get(k);
    if (w !== undefined) aprs.push(annualize(-(v + w)));
  }
  if (aprs.length < 2) return { mean: null, std: null };
  const mean = aprs.reduce((x, y) => x + y, 0) / aprs.length;
  return { mean, std: Math.sqrt(aprs.reduce((x, y) => x + (y - mean) ** 2, 0) / aprs.length) };
}

function build(long: SpreadCandidate, short: SpreadCandidate, o: Resolved): SpreadModel | null {
  const lc = long.funding.longCostPerHour;
  const sc = short.funding.shortCostPerHour;
  if (lc === null || sc === null) return null;
  const n = o.notionalUsd;
  const net = -(lc + sc);
  const ls = legSlippage(long, 'LONG', n);
  const ss = legSlippage(short, 'SHORT', n);
  const lf = long.takerFee ?? 0;
  const sf = short.takerFee ?? 0;
  const expected =
    expectedCarryUsd(long.funding, 'LONG', n, o.holdHours, o.now) + expectedCarryUsd(short.funding, 'SHORT', n, o.holdHours, o.now);
  const fees = 2 * n * (lf + sf);
  const slip = ls.usd + ss.usd;
  const capL = legCapacity(long, 'LONG', o.capacityBps);
  const capS = legCapacity(short, 'SHORT', o.capacityBps);
  const st = stability(long, short, o.now);
  return {
    base: long.base,
    long: {
      venue: long.venue,
      marketId: long.marketId,
      side: 'LONG',
      costPerHour: lc,
      feeRate: lf,
      slippageBps: ls.entryBps,
      freshness: long.freshness,
    },
    short: {
      venue: short.venue,
      marketId: short.marketId,
      side: 'SHORT',
      costPerHour: sc,
      feeRate: sf,
      slippageBps: ss.entryBps,
      freshness: short.freshness,
    },
    netCarryPerHour: net,
    netCarryApr: annualize(net),
    expectedFundingUsd: expected,
    feesUsd: fees,
    slippageUsd: slip,
    netExpectedPnlUsd: expected - fees - slip,
    breakEvenHours: net > 0 ? (fees + slip) / (net * n) : null,
    capacityUsd: capL === null || capS === null ? null : Math.min(capL, capS),
    notionalExceedsDepth: ls.exceeds || ss.exceeds,
    spreadMeanApr7d: st.mean,
    spreadStdDevApr7d: st.std,
  };
}

/**
 * Every cross-venue pair of candidates on the same base and quote, in the direction with the better carry
 * (positive where one exists), sorted by net expected PnL (best first). Pure: same input, same output.
 */
export function computeSpreads(candidates: readonly SpreadCandidate[], options: SpreadOptions): SpreadModel[] {
  const o: Resolved = {
    notionalUsd: options.notionalUsd ?? SPREAD_DEFAULTS.notionalUsd,
    holdHours: options.holdHours ?? SPREAD_DEFAULTS.holdHours,
    now: options.now,
    includeStale: options.includeStale ?? SPREAD_DEFAULTS.includeStale,
    allowMock: options.allowMock ?? SPREAD_DEFAULTS.allowMock,
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
      if (best) out.push(best);
    }
  }
  out.sort((x, y) => y.netExpectedPnlUsd - x.netExpectedPnlUsd);
  return options.limit === undefined ? out : out.slice(0, Math.max(0, options.limit));
}
