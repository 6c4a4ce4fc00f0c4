/**
 * Pure normalizers from Aster payloads to the unified types. Numbers go through core/numbers (rejects NaN and
 * Infinity), funding through core/funding only. docs/venues/aster.md §2 has the field meanings.
 */
import { periodicFunding, periodicHistoryPoint } from '../../core/funding.js';
import { num, numOrNull } from '../../core/numbers.js';
import { marketId, parseMarketId } from '../../core/symbols.js';
import { DataError } from '../../core/errors.js';
import { TOP_OF_BOOK } from '../../core/types.js';
import type {
  DepthLevel,
  FundingPoint,
  FundingRate,
  IntervalSource,
  LeverageTier,
  MarketMeta,
  OrderBook,
  Stamp,
} from '../../core/types.js';
import { DEFAULT_FEES, DEFAULT_INTERVAL_HOURS, YIELD_BEARING_MARGIN_ASSETS } from './constants.js';
import type { ExchangeInfo, FundingInfo, FundingRateHistory, LeverageBracket, PremiumIndex } from './wire.js';

export interface AccountData {
  /** The signed account's commission tier, and the scheme that signed the read. */
  fees: { maker: number; taker: number; scheme?: 'v1' | 'v3' } | null;
  brackets: Map<string, LeverageTier[]> | null;
}

const SCHEME_NOTE = { v3: ', V3 API-wallet signed', v1: ', V1 HMAC signed', none: '' } as const;

const filter = (f: Array<Record<string, unknown>>, type: string) => f.find((x) => x.filterType === type);

/**
 * exchangeInfo → perpetual TRADING markets keyed by canonical id. Sample (trimmed):
 * `{symbol:"BTCUSDT", contractType:"PERPETUAL", status:"TRADING", baseAsset:"BTC", quoteAsset:"USDT", marginAsset:"USDT",
 *   filters:[{filterType:"PRICE_FILTER", tickSize:"0.10"}, {filterType:"LOT_SIZE", stepSize:"0.001"}, {filterType:"MIN_NOTIONAL", notional:"5"}]}`
 * Rows without a baseAsset are skipped (ccxt saw such rows). The same id exists on spot; only fapi rows come here.
 *
 * Two symbols on one canonical id (`XUSD` next to `XUSDT`: USD, USDT and USDC quotes all map to `-USD-`): the
 * one whose quote ranks first in QUOTE_PREFERENCE is served (USDT, the venue's main margin asset), whatever the row
 * order; each row left out is reported to `onDuplicate` (the connector counts them: markets.duplicateIdDropped).
 */
/** Quote preference among symbols sharing a canonical id: lower index wins; unknown quotes rank last. */
export const QUOTE_PREFERENCE = ['USDT', 'USDC', 'USD'] as const;
const quoteRank = (q: string) => {
  const i = (QUOTE_PREFERENCE as readonly string[]).indexOf(q.toUpperCase());
  return i < 0 ? QUOTE_PREFERENCE.length : i;
};

type SymbolRow = ExchangeInfo['symbols'][number];

/** Served perpetual rows, one per canonical id (see normalizeMarkets); the rows left out go to `onDuplicate`. */
function preferredRows(rows: readonly SymbolRow[], onDuplicate?: (d: { symbol: string; id: string; kept: string }) => void): SymbolRow[] {
  const best = new Map<string, SymbolRow>();
  const dropped: Array<{ row: SymbolRow; id: string }> = [];
  for (const s of rows) {
    if ((s.contractType ?? 'PERPETUAL') !== 'PERPETUAL' || s.status !== 'TRADING' || !s.baseAsset) continue;
    const id = marketId('aster', s.baseAsset, s.quoteAsset);
    // An odd asset name (empty, punctuation) cannot form a canonical id: skip the row rather than serve a bad id.
    if (parseMarketId(id) === null || !/^[A-Za-z0-9.]+$/.test(s.quoteAsset)) continue;
    const cur = best.get(id);
    if (!cur) best.set(id, s);
    else if (quoteRank(s.quoteAsset) < quoteRank(cur.quoteAsset)) {
      dropped.push({ row: cur, id });
      best.set(id, s);
    } else dropped.push({ row: s, id });
  }
  for (const d of dropped) onDuplicate?.({ symbol: d.row.symbol, id: d.id, kept: best.get(d.id)!.symbol });
  return [...best.values()];
}

export function normalizeMarkets(
  info: ExchangeInfo,
  account: AccountData,
  onDuplicate?: (dropped: { symbol: string; id: string; kept: string }) => void,
): Map<string, MarketMeta> {
  const out = new Map<string, MarketMeta>();
  for (const s of preferredRows(info.symbols, onDuplicate)) {
    const id = marketId('aster', s.baseAsset!, s.quoteAsset);
    const price = filter(s.filters, 'PRICE_FILTER');
    const lot = filter(s.filters, 'LOT_SIZE');
    const mn = filter(s.filters, 'MIN_NOTIONAL');
    const tiers = account.brackets?.get(s.symbol) ?? null;
    const missing: string[] = [];
    if (!tiers) missing.push('leverageTiers', 'maxLeverage', 'risk.maintenanceMarginRate', 'risk.initialMarginRate');
    missing.push('risk.liquidationThreshold', 'risk.insuranceFund.balanceUsd', 'openInterest.long', 'openInterest.short');
    out.set(id, {
      id,
      venue: 'aster',
      symbol: id.slice(6).replace(/-PERP$/, ''),
      venueSymbol: s.symbol,
      baseAsset: s.baseAsset!.toUpperCase(),
      quoteAsset: 'USD',
      variant: null,
      marginAssets: [s.marginAsset ?? s.quoteAsset],
      fees: account.fees
        ? {
            maker: account.fees.maker,
            taker: account.fees.taker,
            source: 'ACCOUNT',
            note: `The signed account’s own commission tier (commissionRate${SCHEME_NOTE[account.fees.scheme ?? 'none']}).`,
          }
        : {
            maker: DEFAULT_FEES.maker,
            taker: DEFAULT_FEES.taker,
            source: 'DEFAULT_SCHEDULE',
            note: 'Default schedule (ccxt defaults, tier-based, UNCONFIRMED); configure V3 keys (ASTER_API_USER/ASTER_API_SIGNER/ASTER_API_SIGNER_KEY) for the account tier.',
          },
      marketHours: { isOpen: true, nextOpen: null, nextClose: null },
      tickSize: numOrNull(price?.tickSize, `${s.symbol}.tickSize`),
      stepSize: numOrNull(lot?.stepSize, `${s.symbol}.stepSize`),
      minNotional: numOrNull(mn?.notional ?? mn?.minNotional, `${s.symbol}.minNotional`),
      maxLeverage: tiers ? Math.max(...tiers.map((t) => t.maxLeverage)) : null,
      leverageTiers: tiers,
      risk: {
        initialMarginRate: tiers ? 1 / Math.max(...tiers.map((t) => t.maxLeverage)) : null,
        maintenanceMarginRate: tiers?.[0]?.maintenanceMarginRate ?? null,
        liquidationThreshold: null,
        insuranceFund: {
          balanceUsd: null,
          status: 'NOT_PUBLISHED',
          source: 'Aster publishes no insurance-fund endpoint (venues/aster.md §0.6, §2.12)',
        },
      },
      flags: marginFlags(info, s.marginAsset ?? s.quoteAsset),
      missing,
    });
  }
  return out;
}

/**
 * Multi-asset mode collateral (`assets: [{asset:"BNB", marginAvailable:true}, …]` in exchangeInfo): every asset the
 * venue accepts as margin besides the market's own, flagged MULTI_ASSET_MARGIN_<asset>, and YIELD_BEARING_MARGIN_<asset>
 * for the venue's yield-bearing tokens (YIELD_BEARING_MARGIN_ASSETS), docs/venues/aster.md §2.1.
 */
export function marginFlags(info: ExchangeInfo, own: string): string[] {
  const out: string[] = [];
  for (const a of info.assets ?? []) {
    if (a.marginAvailable !== true || a.asset === own || !/^[A-Za-z0-9.]+$/.test(a.asset)) continue;
    out.push(`MULTI_ASSET_MARGIN_${a.asset}`);
    if ((YIELD_BEARING_MARGIN_ASSETS as readonly string[]).includes(a.asset)) out.push(`YIELD_BEARING_MARGIN_${a.asset}`);
  }
  return out;
}

/** leverageBracket (signed) → tiers per venue symbol. */
export function normalizeBrackets(rows: LeverageBracket): Map<string, LeverageTier[]> {
  return new Map(
    rows.map((r) => [
      r.symbol,
      r.brackets.map((b) => ({
        notionalFloor: num(b.notionalFloor, 'notionalFloor'),
        notionalCap: num(b.notionalCap, 'notionalCap'),
        maxLeverage: num(b.initialLeverage, 'initialLeverage'),
        maintenanceMarginRate: num(b.maintMarginRatio, 'maintMarginRatio'),
      })),
    ]),
  );
}

export interface IntervalInfo {
  hours: number;
  source: IntervalSource;
  cap: number | null;
  floor: number | null;
}

/** fundingInfo → interval per venue symbol (VENUE_API). Missing symbols fall back later (history spacing, else 8 h). */
export function normalizeIntervals(rows: FundingInfo): Map<string, IntervalInfo> {
  return new Map(
    rows.map((r) => [
      r.symbol,
      {
        hours: num(r.fundingIntervalHours, 'fundingIntervalHours'),
        source: 'VENUE_API' as const,
        cap: numOrNull(r.fundingFeeCap, 'fundingFeeCap'),
        floor: numOrNull(r.fundingFeeFloor, 'fundingFeeFloor'),
      },
    ]),
  );
}

export const defaultInterval = (): IntervalInfo => ({ hours: DEFAULT_INTERVAL_HOURS, source: 'DEFAULT_ASSUMED', cap: null, floor: null });

/**
 * One premiumIndex row (or a `!markPrice@arr` frame entry, same fields) → funding. `lastFundingRate` is a fraction
 * per funding interval (docs/venues/aster.md §2.2). Sample: `{symbol:"BTCUSDT", markPrice:"106729.84", lastFundingRate:"0.00010000", nextFundingTime:1750147200000}`.
 */
export function normalizeFunding(
  market: string,
  row: { lastFundingRate: unknown; nextFundingTime: unknown },
  interval: IntervalInfo,
  stamp: Stamp,
): FundingRate {
  return periodicFunding({
    market,
    venue: 'aster',
    stamp,
    rate: num(row.lastFundingRate, 'lastFundingRate'),
    intervalHours: interval.hours,
    intervalSource: interval.source,
    nextFundingTime: num(row.nextFundingTime, 'nextFundingTime'),
    capRate: interval.cap,
    floorRate: interval.floor,
    provenance: `premiumIndex.lastFundingRate (fraction per ${interval.hours} h interval, ${interval.source})`,
  });
}

/** True when a rate breaks the symbol's published cap/floor (counted in health). */
export function breaksCap(rate: number, i: IntervalInfo): boolean {
  return (i.cap !== null && rate > i.cap + 1e-12) || (i.floor !== null && rate < i.floor - 1e-12);
}

/** Levels [price, qty] (strings) → depth levels, best first, zero sizes dropped. */
export function levels(rows: ReadonlyArray<readonly [unknown, unknown, ...unknown[]]>, n: number, field: string): DepthLevel[] {
  const out: DepthLevel[] = [];
  let cum = 0;
  for (const r of rows) {
    if (out.length >= n) break;
    const price = num(r[0], `${field}.price`);
    const size = num(r[1], `${field}.size`);
    if (size <= 0) continue;
    const sizeUsd = price * size;
    if (!Number.isFinite(sizeUsd) || !Number.isFinite(cum + sizeUsd))
      throw new DataError('INVALID_NUMBER', `${field}: price × size overflows (${r[0]} × ${r[1]})`);
    cum += sizeUsd;
    out.push({ price, size, sizeUsd, cumulativeSizeUsd: cum });
  }
  return out;
}

/** Sort each side best-first, drop bids at or above the best ask, and recompute cumulative USD: never a crossed book. */
function sane(bids: DepthLevel[], asks: DepthLevel[]): { bids: DepthLevel[]; asks: DepthLevel[] } {
  const a = [...asks].sort((x, y) => x.price - y.price);
  const bestAsk = a[0]?.price ?? Infinity;
  const b = bids.filter((l) => l.price < bestAsk).sort((x, y) => y.price - x.price);
  const cum = (side: DepthLevel[]) => {
    let c = 0;
    return side.map((l) => ({ ...l, cumulativeSizeUsd: (c += l.sizeUsd) }));
  };
  return { bids: cum(b), asks: cum(a) };
}

export function orderBook(market: string, rawBids: DepthLevel[], rawAsks: DepthLevel[], sequence: string | null, stamp: Stamp): OrderBook {
  const { bids, asks } = sane(rawBids, rawAsks);
  const bb = bids[0]?.price;
  const ba = asks[0]?.price;
  const mid = bb !== undefined && ba !== undefined ? (bb + ba) / 2 : null;
  return {
    market,
    venue: 'aster',
    kind: 'ORDER_BOOK',
    model: null,
    pricesIncludeFees: false, // a real order book: the taker fee is charged on top
    bids,
    asks,
    midPrice: mid,
    spreadBps: mid && bb !== undefined && ba !== undefined ? ((ba - bb) / mid) * 1e4 : null,
    sequence,
    stamp,
  };
}

/**
 * One `bookTicker` (best bid/ask and their sizes) → a one-level book flagged TOP_OF_BOOK (docs/venues/aster.md §3.3):
 * served only where no synced depth book exists, so slippage through it is a labelled lower bound.
 */
export function topOfBook(market: string, t: { b: string; B: string; a: string; A: string; u: number }, stamp: Stamp): OrderBook {
  const book = orderBook(market, levels([[t.b, t.B]], 1, 'bookTicker.bid'), levels([[t.a, t.A]], 1, 'bookTicker.ask'), String(t.u), stamp);
  return { ...book, flags: [TOP_OF_BOOK] };
}

/** fundingRate history rows → points (VENUE_HISTORY), per-hour via the symbol's interval. */
export function normalizeHistory(rows: FundingRateHistory, interval: IntervalInfo): FundingPoint[] {
  return rows.map((r) => periodicHistoryPoint(num(r.fundingTime, 'fundingTime'), num(r.fundingRate, 'fundingRate'), interval.hours));
}

/** Interval inferred from history spacing (median gap, whole hours), or null. */
export function intervalFromSpacing(times: number[]): number | null {
  if (times.length < 3) return null;
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b);
  const h = Math.round(gaps[Math.floor(gaps.length / 2)]! / 3_600_000);
  return h >= 1 && h <= 24 ? h : null;
}

export type { PremiumIndex };
