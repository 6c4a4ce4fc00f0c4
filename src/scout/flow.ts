/**
 * Order-flow share, pure: for one base asset, each venue's share of 24 h volume and of open interest across the
 * venues asked for, plus the long/short split of open interest where the venue publishes sides (the routing signal:
 * where does the flow on this base go?). Shares of a quantity are computed only over the venues that report it, so
 * they sum to 1; every venue left out of a quantity is listed with the reason. A venue's figure is the sum over its
 * markets on the base (variants and non-USD quotes included: volume and open interest are USD either way); when one
 * of those markets does not report the figure, the venue's sum would be an undercount, so it is null (PARTIAL).
 */
import type { Venue } from '../core/types.js';
import type { FreshnessInfo } from './spreads.js';

export type FlowQuantity = 'VOLUME_24H' | 'OPEN_INTEREST' | 'OPEN_INTEREST_SIDES';
export const FLOW_QUANTITIES: readonly FlowQuantity[] = ['VOLUME_24H', 'OPEN_INTEREST', 'OPEN_INTEREST_SIDES'];

export type FlowLeftOutReason = 'NOT_ENABLED' | 'NOT_SERVING_BASE' | 'NO_DATA' | 'STALE' | 'NOT_PUBLISHED' | 'PARTIAL';

/** One market's latest statistics as the store holds them (null stats = none received yet). */
export interface FlowMarketInput {
  id: string;
  stats: {
    volume24hUsd: number | null;
    openInterestUsd: number | null;
    longUsd: number | null;
    shortUsd: number | null;
    asOf: number;
    source: FreshnessInfo['source'];
  } | null;
}

export interface FlowVenueInput {
  venue: Venue;
  /** False when the venue was asked for but is not enabled in this gateway. */
  enabled: boolean;
  /** The venue's markets on the base (empty: the venue does not list the base). */
  markets: FlowMarketInput[];
  /** Stale after (the mark/stats channel's SLA), ms. */
  slaMs: number;
}

export interface VenueFlowModel {
  venue: Venue;
  markets: string[];
  volume24hUsd: number | null;
  volumeShare: number | null;
  openInterestUsd: number | null;
  openInterestShare: number | null;
  longOpenInterestUsd: number | null;
  shortOpenInterestUsd: number | null;
  /** long / (long + short) on this venue; null where the venue does not publish sides. */
  longShare: number | null;
  /** Of the venue's statistics on this base: the oldest market's. */
  freshness: FreshnessInfo;
}

export interface FlowLeftOutModel {
  venue: Venue;
  quantities: FlowQuantity[];
  reason: FlowLeftOutReason;
  detail: string;
}

export interface FlowShareModel {
  base: string;
  asOf: number;
  volume24hUsdTotal: number | null;
  openInterestUsdTotal: number | null;
  /** Σ long / Σ (long + short) over the venues that publish sides. */
  longShareOfOpenInterest: number | null;
  venues: VenueFlowModel[];
  leftOut: FlowLeftOutModel[];
}

type StatField = 'volume24hUsd' | 'openInterestUsd' | 'longUsd' | 'shortUsd';

/** Sum of one figure over the venue's markets, or why there is none. */
function sumOf(markets: FlowMarketInput[], field: StatField): { value: number | null; missing: string[] } {
  const missing = markets.filter((m) => m.stats?.[field] === null || m.stats?.[field] === undefined).map((m) => m.id);
  if (missing.length > 0) return { value: null, missing };
  return { value: markets.reduce((s, m) => s + (m.stats![field] as number), 0), missing };
}

function whyMissing(markets: FlowMarketInput[], missing: string[], what: string): { reason: FlowLeftOutReason; detail: string } {
  if (missing.length === markets.length) return { reason: 'NOT_PUBLISHED', detail: `the venue publishes no ${what} for this base` };
  return { reason: 'PARTIAL', detail: `no ${what} for ${missing.join(', ')}: the venue's total would be an undercount` };
}

interface Measured {
  model: VenueFlowModel;
  stale: boolean;
}

function measure(v: FlowVenueInput, now: number, leftOut: FlowLeftOutModel[]): Measured | null {
  const all = [...FLOW_QUANTITIES];
  if (!v.enabled) {
    leftOut.push({ venue: v.venue, quantities: all, reason: 'NOT_ENABLED', detail: 'the venue is not enabled in this gateway' });
    return null;
  }
  if (v.markets.length === 0) {
    leftOut.push({ venue: v.venue, quantities: all, reason: 'NOT_SERVING_BASE', detail: 'the venue lists no market on this base' });
    return null;
  }
  const stamped = v.markets.filter((m) => m.stats !== null);
  if (stamped.length === 0) {
    leftOut.push({ venue: v.venue, quantities: all, reason: 'NO_DATA', detail: 'no market statistics received yet' });
    return null;
  }
  const oldest = stamped.reduce((a, b) => (b.stats!.asOf < a.stats!.asOf ? b : a)).stats!;
  const ageMs = Math.max(0, now - oldest.asOf);
  const freshness: FreshnessInfo = { asOf: oldest.asOf, ageMs, slaMs: v.slaMs, stale: ageMs > v.slaMs, source: oldest.source };
  const vol = sumOf(v.markets, 'volume24hUsd');
  const oi = sumOf(v.markets, 'openInterestUsd');
  const long = sumOf(v.markets, 'longUsd');
  const short = sumOf(v.markets, 'shortUsd');
  const sides = long.value !== null && short.value !== null;
  const sideTotal = sides ? long.value! + short.value! : 0;
  const model: VenueFlowModel = {
    venue: v.venue,
    markets: v.markets.map((m) => m.id),
    volume24hUsd: vol.value,
    volumeShare: null,
    openInterestUsd: oi.value,
    openInterestShare: null,
    longOpenInterestUsd: sides ? long.value : null,
    shortOpenInterestUsd: sides ? short.value : null,
    longShare: sides && sideTotal > 0 ? long.value! / sideTotal : null,
    freshness,
  };
  const gaps: Array<[FlowQuantity, { missing: string[] }, string]> = [
    ['VOLUME_24H', vol, '24 h volume'],
    ['OPEN_INTEREST', oi, 'open interest'],
    ['OPEN_INTEREST_SIDES', { missing: [...new Set([...long.missing, ...short.missing])] }, 'long/short open interest'],
  ];
  for (const [q, s, what] of gaps)
    if (s.missing.length > 0) leftOut.push({ venue: v.venue, quantities: [q], ...whyMissing(v.markets, s.missing, what) });
  return { model, stale: freshness.stale };
}

/** Divide each included venue's figure by the total over the included venues; returns that total. */
function share(
  models: VenueFlowModel[],
  get: (m: VenueFlowModel) => number | null,
  set: (m: VenueFlowModel, s: number) => void,
): number | null {
  const reporting = models.filter((m) => get(m) !== null);
  if (reporting.length === 0) return null;
  const total = reporting.reduce((s, m) => s + get(m)!, 0);
  if (total > 0) for (const m of reporting) set(m, get(m)! / total);
  return total;
}

/**
 * Shares per quantity over the venues that report it. Stale venues are listed in `leftOut` (reason STALE) and kept
 * out of every share unless `includeStale`; with it they count and keep `freshness.stale: true`.
 */
export function computeFlowShare(base: string, venues: FlowVenueInput[], o: { now: number; includeStale: boolean }): FlowShareModel {
  const leftOut: FlowLeftOutModel[] = [];
  const models: VenueFlowModel[] = [];
  for (const v of venues) {
    const m = measure(v, o.now, leftOut);
    if (!m) continue;
    if (m.stale && !o.includeStale) {
      leftOut.push({
        venue: v.venue,
        quantities: [...FLOW_QUANTITIES],
        reason: 'STALE',
        detail: `statistics are ${Math.round(m.model.freshness.ageMs / 1000)} s old (SLA ${Math.round(v.slaMs / 1000)} s); pass includeStale to count them`,
      });
      continue;
    }
    models.push(m.model);
  }
  const volumeTotal = share(
    models,
    (m) => m.volume24hUsd,
    (m, s) => (m.volumeShare = s),
  );
  const oiTotal = share(
    models,
    (m) => m.openInterestUsd,
    (m, s) => (m.openInterestShare = s),
  );
  const sided = models.filter((m) => m.longOpenInterestUsd !== null && m.shortOpenInterestUsd !== null);
  const longSum = sided.reduce((s, m) => s + m.longOpenInterestUsd!, 0);
  const sideSum = sided.reduce((s, m) => s + m.longOpenInterestUsd! + m.shortOpenInterestUsd!, 0);
  models.sort((a, b) => (b.volumeShare ?? -1) - (a.volumeShare ?? -1) || a.venue.localeCompare(b.venue));
  return {
    base,
    asOf: o.now,
    volume24hUsdTotal: volumeTotal,
    openInterestUsdTotal: oiTotal,
    longShareOfOpenInterest: sided.length > 0 && sideSum > 0 ? longSum / sideSum : null,
    venues: models,
    leftOut,
  };
}
