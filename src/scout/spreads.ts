/**
 * The delta-neutral scout, pure: for every pair of venues listing the same base, the direction with the better
 * carry, each leg's cost to hold its side (funding + borrow, from core/funding.ts), fees, VWAP slippage at the
 * notional (real or synthetic depth), expected funding over the hold respecting discrete settlements, net PnL,
 * break-even, capacity and 7-day stability. Every part is a field, so a result explains itself.
 */
import { annualize } from '../core/funding.js';
import { walkBook } from '../core/slippage.js';
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
  /** The market's index is venue-controlled or thin (SynFutures EMG/DEXV2): excluded unless includeStale. */
  syntheticIndex?: boolean;
  funding: FundingRate;
  book: OrderBook | null;
  takerFee: number | null;
  freshness: FreshnessInfo;
  /** Hourly (or finer) history of this market's per-side costs over the last 7 days. */
  history?: Array<{ time: number; longCostPerHour: number | null; shortCostPerHour: number | null }>;
}

export interface SpreadLegModel {
  venue: Venue;
  marketId: string;
  side: 'LONG' | 'SHORT';
  costPerHour: number;
  feeRate: number;
  slippageBps: number;
  freshness: FreshnessInfo;
}

export interface SpreadModel {
  base: string;
  long: SpreadLegModel;
  short: SpreadLegModel;
  netCarryPerHour: number;
  netCarryApr: number;
  expectedFundingUsd: number;
  feesUsd: number;
  slippageUsd: number;
  netExpectedPnlUsd: number;
  breakEvenHours: number | null;
  capacityUsd: number | null;
  notionalExceedsDepth: boolean;
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

/** Carry received (positive) by holding `side` for `holdHours`, USD. Periodic venues pay at settlement times only. */
export function expectedCarryUsd(f: FundingRate, side: 'LONG' | 'SHORT', notional: number, holdHours: number, now: number): number {
  const cost = side === 'LONG' ? f.longCostPerHour : f.shortCostPerHour;
  if (cost === null) return 0;
  if (f.model === 'PERIODIC_FUNDING' && f.rate !== null && f.intervalHours && f.nextFundingTime !== null) {
    const step = f.intervalHours * HOUR;
    let t = f.nextFundingTime;
    while (t <= now) t += step;
    const end = now + holdHours * HOUR;
    let payments = 0;
    for (; t <= end; t += step) payments++;
    const perPayment = (side === 'LONG' ? -f.rate : f.rate) * notional;
    return payments * perPayment;
  }
  return -cost * holdHours * notional;
}

function maxNotionalUnder(c: SpreadCandidate, side: 'LONG' | 'SHORT', bps: number): number | null {
  const b = c.book;
  if (!b || b.midPrice === null) return null;
  const levels = side === 'LONG' ? b.asks : b.bids;
  const visible = levels.reduce((a, l) => a + l.sizeUsd, 0);
  const ok = (n: number) => {
    const r = walkBook(levels, b.midPrice!, n);
    return r !== null && !r.exceedsDepth && r.bps <= bps;
  };
  if (!ok(1)) return 0;
  let lo = 1;
  let hi = visible;
  if (ok(hi)) return hi;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function stability(a: SpreadCandidate, b: SpreadCandidate, now: number): { mean: number | null; std: number | null } {
  if (!a.history?.length || !b.history?.length) return { mean: null, std: null };
  const bucket = (h: NonNullable<SpreadCandidate['history']>, key: 'longCostPerHour' | 'shortCostPerHour') => {
    const m = new Map<number, number[]>();
    for (const p of h) {
      const v = p[key];
      if (v === null || p.time < now - 7 * 24 * HOUR) continue;
      const k = Math.floor(p.time / HOUR);
      (m.get(k) ?? m.set(k, []).get(k)!).push(v);
    }
    return new Map([...m].map(([k, v]) => [k, v.reduce((x, y) => x + y, 0) / v.length]));
  };
  const la = bucket(a.history, 'longCostPerHour');
  const sb = bucket(b.history, 'shortCostPerHour');
  const aprs: number[] = [];
  for (const [k, v] of la) {
    const w = sb.get(k);
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
  const capL = maxNotionalUnder(long, 'LONG', o.capacityBps);
  const capS = maxNotionalUnder(short, 'SHORT', o.capacityBps);
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
