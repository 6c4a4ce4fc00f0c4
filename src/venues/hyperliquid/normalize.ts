/**
 * Pure normalizers from Hyperliquid `/info` answers and WS frames to the unified types. Numbers go through
 * core/numbers (rejects NaN and Infinity), funding through core/funding only. Field meanings:
 * docs/venues/hyperliquid.md §2–§6.
 */
import { periodicFunding, periodicHistoryPoint } from '../../core/funding.js';
import { num, numOrNull } from '../../core/numbers.js';
import { marketId } from '../../core/symbols.js';
import { DataError } from '../../core/errors.js';
import type { DepthLevel, FundingPoint, FundingRate, LeverageTier, MarketMeta, MarketStats, OrderBook, Stamp } from '../../core/types.js';
import { HOUR_MS } from '../../core/types.js';
import { DEFAULT_FEES, FUNDING_CAP_PER_HOUR, FUNDING_INTERVAL_HOURS, IMPLICIT_TABLE_BELOW, MARGIN_ASSET, VENUE } from './constants.js';
import type { AssetCtx, FundingHistory, L2Book, MetaAndAssetCtxs, PredictedFundings, UniverseAsset, Meta } from './wire.js';

/** A coin that can form a canonical id: main-dex perps only (HIP-3 `dex:COIN` and spot `@n` are out of scope, §2.2). */
const COIN_RE = /^[A-Za-z0-9]+$/;

/** `hyperliquid:<COIN>-USD-PERP` (USDC-margined, §2). */
export function coinId(coin: string): string {
  return marketId(VENUE, coin, MARGIN_ASSET);
}

/** Margin tier rule (§5): maintenance margin rate = half the initial margin rate at the tier's max leverage. */
export function maintenanceRate(maxLeverage: number): number {
  return 1 / maxLeverage / 2;
}

/**
 * Leverage tiers of one asset from the meta's margin tables (§2, §5). Sample table:
 * `[56, {description:"tiered 40x", marginTiers:[{lowerBound:"0.0", maxLeverage:40}, {lowerBound:"150000000.0", maxLeverage:20}]}]`.
 * Ids below 50 are implicit single tiers with max leverage = id; an asset without an id uses its own maxLeverage.
 * Returns null when the asset names a table the meta does not carry.
 */
export function leverageTiers(asset: UniverseAsset, tables: Meta['marginTables']): LeverageTier[] | null {
  const single = (lev: number): LeverageTier[] => [
    { notionalFloor: 0, notionalCap: null, maxLeverage: lev, maintenanceMarginRate: maintenanceRate(lev) },
  ];
  const id = asset.marginTableId;
  if (id === undefined) return single(asset.maxLeverage);
  if (id < IMPLICIT_TABLE_BELOW) return single(id);
  const table = tables.find(([tid]) => tid === id)?.[1];
  if (!table || table.marginTiers.length === 0) return null;
  const tiers = table.marginTiers
    .map((t) => ({ floor: num(t.lowerBound, `${asset.name}.marginTiers.lowerBound`), lev: t.maxLeverage }))
    .sort((a, b) => a.floor - b.floor);
  return tiers.map((t, i) => ({
    notionalFloor: t.floor,
    notionalCap: tiers[i + 1]?.floor ?? null,
    maxLeverage: t.lev,
    maintenanceMarginRate: maintenanceRate(t.lev),
  }));
}

const INSURANCE_SOURCE =
  'Hyperliquid publishes no insurance-fund balance; HLP is a market-making vault with depositor equity, not an insurance fund (docs/venues/hyperliquid.md §5.1)';

/**
 * One universe entry → market metadata. Sample: `{name:"BTC", szDecimals:5, maxLeverage:40, marginTableId:56}`.
 * stepSize = 10^-szDecimals; tickSize is a significant-figure rule, not a number (§2.1), so it is null and missing.
 */
export function normalizeMarket(asset: UniverseAsset, tables: Meta['marginTables']): MarketMeta {
  const id = coinId(asset.name);
  const tiers = leverageTiers(asset, tables);
  const maxLev = tiers ? Math.max(...tiers.map((t) => t.maxLeverage)) : asset.maxLeverage;
  const missing = ['tickSize', 'minNotional', 'risk.liquidationThreshold', 'risk.insuranceFund.balanceUsd'];
  missing.push('openInterest.long', 'openInterest.short', 'openInterest.longBase', 'openInterest.shortBase');
  if (!tiers) missing.push('leverageTiers', 'risk.maintenanceMarginRate');
  return {
    id,
    venue: VENUE,
    symbol: id.slice(id.indexOf(':') + 1).replace(/-PERP$/, ''),
    venueSymbol: asset.name,
    baseAsset: asset.name.toUpperCase(),
    quoteAsset: 'USD',
    variant: null,
    marginAssets: [MARGIN_ASSET],
    fees: {
      maker: DEFAULT_FEES.maker,
      taker: DEFAULT_FEES.taker,
      source: 'DEFAULT_SCHEDULE',
      note: 'Base tier (14-day volume below the first threshold), no staking or referral discount (docs/venues/hyperliquid.md §5).',
    },
    marketHours: { isOpen: true, nextOpen: null, nextClose: null },
    tickSize: null,
    stepSize: Number(`1e-${asset.szDecimals}`),
    minNotional: null,
    maxLeverage: maxLev,
    leverageTiers: tiers,
    risk: {
      initialMarginRate: 1 / maxLev,
      maintenanceMarginRate: tiers?.[0]?.maintenanceMarginRate ?? null,
      liquidationThreshold: null,
      insuranceFund: { balanceUsd: null, status: 'NOT_PUBLISHED', source: INSURANCE_SOURCE },
    },
    flags: asset.onlyIsolated ? ['ISOLATED_ONLY'] : [],
    missing,
  };
}

/** One row of `metaAndAssetCtxs`: the universe entry, its context (same index) and its canonical id. */
export interface AssetRow {
  id: string;
  coin: string;
  asset: UniverseAsset;
  ctx: AssetCtx;
}

/**
 * `[meta, assetCtxs]` → tradable rows (delisted and non-canonical names skipped, §2). The two arrays must have the
 * same length: a mismatch would pair a coin with another coin's prices, so it is a typed error, never a guess.
 */
export function assetRows(payload: MetaAndAssetCtxs): AssetRow[] {
  const [meta, ctxs] = payload;
  if (ctxs.length !== meta.universe.length)
    throw new DataError('INVALID_NUMBER', `metaAndAssetCtxs: ${meta.universe.length} universe entries but ${ctxs.length} asset contexts`);
  const out: AssetRow[] = [];
  const seen = new Set<string>();
  meta.universe.forEach((asset, i) => {
    if (asset.isDelisted || !COIN_RE.test(asset.name)) return;
    const id = coinId(asset.name);
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ id, coin: asset.name, asset, ctx: ctxs[i]! });
  });
  return out;
}

/** Markets of a `metaAndAssetCtxs` answer. */
export function normalizeMarkets(payload: MetaAndAssetCtxs): MarketMeta[] {
  return assetRows(payload).map((r) => normalizeMarket(r.asset, payload[0].marginTables));
}

/**
 * Asset context → mark/oracle/OI/volume (§6). Sample: `{markPx:"104366.0", oraclePx:"104350.0",
 * openInterest:"28531.42586" (base, one side), dayNtlVlm:"3121408837.09" (USDC)}`.
 */
export function normalizeStats(coin: string, ctx: AssetCtx): MarketStats {
  const mark = num(ctx.markPx, `${coin}.markPx`);
  const oiBase = num(ctx.openInterest, `${coin}.openInterest`);
  return {
    markPrice: mark,
    indexPrice: num(ctx.oraclePx, `${coin}.oraclePx`),
    priceSource: 'metaAndAssetCtxs markPx / oraclePx (validators’ weighted median of CEX spot)',
    openInterest: {
      base: oiBase,
      usd: oiBase * mark,
      long: null,
      short: null,
      longBase: null,
      shortBase: null,
      provenance: 'assetCtx.openInterest (base units, one side) × markPx (docs/venues/hyperliquid.md §6)',
    },
    volume24hUsd: num(ctx.dayNtlVlm, `${coin}.dayNtlVlm`),
  };
}

/** The top of the next hour after `t` (funding is paid hourly, §3). */
export function nextHour(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS + HOUR_MS;
}

/**
 * `assetCtx.funding` → funding rate. The figure is a fraction per HOUR, positive = longs pay (§3): 0.0000125 →
 * ratePerHour 0.0000125 → 0.1095 APR. Interval 1 h from the venue (VENUE_API); cap/floor ±4 %/h (§3).
 */
export function normalizeFunding(
  id: string,
  coin: string,
  funding: unknown,
  stamp: Stamp,
  predictedRate: number | null = null,
): FundingRate {
  return periodicFunding({
    market: id,
    venue: VENUE,
    stamp,
    rate: num(funding, `${coin}.funding`),
    intervalHours: FUNDING_INTERVAL_HOURS,
    intervalSource: 'VENUE_API',
    nextFundingTime: nextHour(stamp.asOf),
    predictedRate,
    capRate: FUNDING_CAP_PER_HOUR,
    floorRate: -FUNDING_CAP_PER_HOUR,
    provenance:
      'metaAndAssetCtxs funding (fraction per 1 h, venue documentation and predictedFundings interval; docs/venues/hyperliquid.md §3)',
  });
}

/** True when a rate is outside the venue's ±4 %/h cap (counted in health). */
export function breaksCap(rate: number): boolean {
  return Math.abs(rate) > FUNDING_CAP_PER_HOUR + 1e-12;
}

function side(rows: ReadonlyArray<{ px: string; sz: string }>, n: number, field: string, desc: boolean): DepthLevel[] {
  const parsed = rows
    .map((r) => ({ price: num(r.px, `${field}.px`), size: num(r.sz, `${field}.sz`) }))
    .filter((l) => l.size > 0 && l.price > 0)
    .sort((a, b) => (desc ? b.price - a.price : a.price - b.price))
    .slice(0, n);
  let cum = 0;
  return parsed.map(({ price, size }) => {
    const sizeUsd = price * size;
    if (!Number.isFinite(sizeUsd) || !Number.isFinite(cum + sizeUsd))
      throw new DataError('INVALID_NUMBER', `${field}: price × size overflows (${price} × ${size})`);
    cum += sizeUsd;
    return { price, size, sizeUsd, cumulativeSizeUsd: cum };
  });
}

/**
 * l2Book (REST answer or WS frame data, same shape, §4) → order book, best first, never crossed.
 * Sample: `{coin:"BTC", time:1764864000123, levels:[[{px:"104366.0", sz:"3.21107", n:14}, …], [{px:"104367.0", …}]]}`.
 */
export function normalizeBook(id: string, book: L2Book, levels: number, stamp: Stamp): OrderBook {
  const asks = side(book.levels[1], levels, `${book.coin}.asks`, false);
  const bestAsk = asks[0]?.price ?? Infinity;
  const bids = side(
    book.levels[0].filter((l) => num(l.px, `${book.coin}.bids.px`) < bestAsk),
    levels,
    `${book.coin}.bids`,
    true,
  );
  const bb = bids[0]?.price;
  const ba = asks[0]?.price;
  const mid = bb !== undefined && ba !== undefined ? (bb + ba) / 2 : null;
  return {
    market: id,
    venue: VENUE,
    kind: 'ORDER_BOOK',
    model: null,
    // An order book: the taker fee is charged on top of these prices (docs/venues/hyperliquid.md §5).
    pricesIncludeFees: false,
    bids,
    asks,
    midPrice: mid,
    spreadBps: mid !== null && bb !== undefined && ba !== undefined ? ((ba - bb) / mid) * 1e4 : null,
    sequence: String(book.time),
    stamp,
  };
}

/**
 * Top of book for a coin without tracked depth: the mid from `allMids` or `assetCtx.midPx` (§4), no levels.
 * Null when the venue sends no mid (a side of its book is empty).
 */
export function midOnlyBook(id: string, mid: unknown, stamp: Stamp, field: string): OrderBook | null {
  const m = numOrNull(mid, field);
  if (m === null || m <= 0) return null;
  return {
    market: id,
    venue: VENUE,
    kind: 'ORDER_BOOK',
    pricesIncludeFees: false,
    model: 'top of book only: mid from allMids / assetCtx.midPx; levels arrive once the market is watched',
    bids: [],
    asks: [],
    midPrice: m,
    spreadBps: null,
    sequence: null,
    stamp,
  };
}

/** fundingHistory rows → points (VENUE_HISTORY), hourly (§3.1). Sample: `{coin:"BTC", fundingRate:"0.0000125", premium:"0.0001", time:1764853200015}`. */
export function normalizeHistory(rows: FundingHistory): FundingPoint[] {
  return rows.map((r) => periodicHistoryPoint(r.time, num(r.fundingRate, `${r.coin}.fundingRate`), FUNDING_INTERVAL_HOURS));
}

export interface PredictedRate {
  rate: number;
  nextFundingTime: number;
  intervalHours: number;
}

/**
 * predictedFundings → the venue's own next hourly rate per coin (the `HlPerp` entry, §3.2). CEX entries (`BinPerp`,
 * `BybitPerp`) are the venue's view of other venues and are not served. Sample:
 * `["BTC", [["BinPerp", {fundingRate:"0.00008786", …}], ["HlPerp", {fundingRate:"0.0000125", nextFundingTime:…, fundingIntervalHours:1}]]]`.
 */
export function normalizePredicted(rows: PredictedFundings): Map<string, PredictedRate> {
  const out = new Map<string, PredictedRate>();
  for (const [coin, venues] of rows) {
    const hl = venues.find(([v]) => v === 'HlPerp')?.[1];
    if (!hl) continue;
    out.set(coin, {
      rate: num(hl.fundingRate, `${coin}.HlPerp.fundingRate`),
      nextFundingTime: hl.nextFundingTime,
      intervalHours: hl.fundingIntervalHours ?? FUNDING_INTERVAL_HOURS,
    });
  }
  return out;
}
