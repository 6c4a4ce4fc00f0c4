/**
 * Pure normalizers from decoded accounts to the unified types (docs/venues/jupiter.md §6.5, §7, §8, §11).
 *
 * Decoded samples (layout.ts; integers are bigint at the program's scale):
 *   Custody  { mint: 'So111…112', decimals: 9, isStable: false, owned: 9_500_000_000_000_000n (tokens, 9 dp),
 *              locked: 5_320_000_000_000_000n, globalShortSizes: 61_500_000_000_000n (USD 6 dp),
 *              increasePositionBps: 6n, decreasePositionBps: 6n, maxLeverage: 5_000_000n (bps-scaled: 500x),
 *              tradeImpactFeeScalar: 1_000_000_000_000_000n, maxFeeBps: 150n, minRateBps: 1_000n, … }
 *   AgPriceFeed { price: 19_125_000_000n, expo: -8, timestamp: 1_764_000_000n (unix s), maxAgPriceAgeSec: 60 }
 */
import { borrowOnly } from '../../core/funding.js';
import { canonicalBase } from '../../core/symbols.js';
import { VenueError } from '../../core/errors.js';
import type { FundingRate, MarketMeta, MarketStats, OrderBook, Stamp } from '../../core/types.js';
import {
  DEPTH_NOTIONALS_USD,
  MIN_COLLATERAL_USD,
  ORACLE_MAX_AGE_MS,
  SHORT_COLLATERAL_SYMBOL,
  UI_MAX_LEVERAGE,
  USD_DECIMALS,
} from './constants.js';
import { scaled } from './decode.js';
import { syntheticBook, type FeeParams } from './depth.js';
import type { Custody } from './layout.js';
import { hourlyBorrowRate, hourlyFraction } from './rates.js';

/** A served market: one non-stable custody. */
export interface JupMarket {
  id: string;
  /** Canonical base (WBTC → BTC). */
  base: string;
  /** Venue token symbol (SOL, ETH, WBTC). */
  token: string;
  custody: string;
  mint: string;
}

export const marketIdOf = (token: string): string => `jupiter:${canonicalBase(token)}-USD-PERP`;

export function feeParams(c: Custody): FeeParams {
  return { baseBps: c.increasePositionBps, tradeImpactFeeScalar: c.tradeImpactFeeScalar, maxFeeBps: c.maxFeeBps };
}

/** Leverage: the custody's pricing.maxLeverage is bps-scaled (5 000 000 → 500x; §5.3, §7). */
export const onChainMaxLeverage = (c: Custody): number | null => (c.maxLeverage > 0n ? Number(c.maxLeverage) / 1e4 : null);

export function marketMeta(m: JupMarket, c: Custody, stables: readonly string[]): MarketMeta {
  const maxLev = onChainMaxLeverage(c);
  const mmr = maxLev ? 1 / maxLev : null;
  const open = Number(c.increasePositionBps) / 1e4;
  const close = Number(c.decreasePositionBps) / 1e4;
  const shortAssets = [SHORT_COLLATERAL_SYMBOL, ...stables.filter((s) => s !== SHORT_COLLATERAL_SYMBOL)];
  return {
    id: m.id,
    venue: 'jupiter',
    symbol: `${m.base}-USD`,
    venueSymbol: m.custody,
    baseAsset: m.base,
    quoteAsset: 'USD',
    variant: null,
    marginAssets: [m.token, ...shortAssets],
    fees: {
      maker: open,
      taker: open,
      source: 'VENUE_API',
      note:
        `on-chain Custody: increasePositionBps ${c.increasePositionBps} (open) / decreasePositionBps ${c.decreasePositionBps} (close) ` +
        'for every fill; Jupiter has no maker/taker distinction (no order book), so maker = taker. Plus a price-impact fee ' +
        `ceil(sizeUsd·1e4 / tradeImpactFeeScalar ${c.tradeImpactFeeScalar}) bps capped at maxFeeBps ${c.maxFeeBps}, and an imbalance ` +
        `surcharge (feeFactor ${c.priceImpactFeeFactor}, exponent ${c.priceImpactExponent}) (venues/jupiter.md §7)`,
    },
    marketHours: { isOpen: true, nextOpen: null, nextClose: null },
    tickSize: null,
    stepSize: null,
    minNotional: MIN_COLLATERAL_USD,
    maxLeverage: maxLev,
    leverageTiers: maxLev === null ? null : [{ notionalFloor: 0, notionalCap: null, maxLeverage: maxLev, maintenanceMarginRate: mmr }],
    risk: {
      // The UI opens positions up to 250x (docs); the program's limit is pricing.maxLeverage (500x: liquidation below size/500).
      initialMarginRate: 1 / UI_MAX_LEVERAGE,
      maintenanceMarginRate: mmr,
      // Liquidated when collateral − fees ± PnL < size / maxLeverage: the threshold adds the close fee (borrow fee excluded).
      liquidationThreshold: mmr === null ? null : mmr + close,
      insuranceFund: {
        balanceUsd: null,
        status: 'NOT_PUBLISHED', // the venue has none to publish: not a failed source
        source: 'No insurance fund: the JLP pool is the counterparty of every trade (venues/jupiter.md §8)',
      },
    },
    flags: [
      `UI_MAX_LEVERAGE_${UI_MAX_LEVERAGE}`,
      'MAX_LEVERAGE_ON_CHAIN',
      `CUSTODY_${m.custody}`,
      `MINT_${m.mint}`,
      ...(c.allowIncreasePosition ? [] : ['INCREASE_POSITION_DISABLED']),
    ],
    missing: ['tickSize', 'stepSize', 'risk.insuranceFund.balanceUsd'],
  };
}

/**
 * Room left under the custody's short open-interest cap, USD: maxGlobalShortSizes − globalShortSizes (both native,
 * 6 dp; a cap of 0 = none). The long cap is not applied: current long size is only derivable (locked × mark).
 */
export function shortRoomUsd(c: Custody): number {
  if (c.maxGlobalShortSizes === 0n) return Infinity;
  const room = c.maxGlobalShortSizes > c.globalShortSizes ? c.maxGlobalShortSizes - c.globalShortSizes : 0n;
  return scaled(room, USD_DECIMALS);
}

/** Available liquidity of a custody in USD: (owned − locked) tokens × price. */
export function availableUsd(c: Custody, price: number): number {
  const free = c.owned > c.locked ? c.owned - c.locked : 0n;
  return scaled(free, c.decimals) * price;
}

export function marketStats(c: Custody, mark: number, volume24hUsd: number | null): MarketStats {
  const longBase = scaled(c.locked, c.decimals);
  const short = scaled(c.globalShortSizes, USD_DECIMALS);
  const long = longBase * mark;
  return {
    markPrice: mark,
    indexPrice: mark,
    priceSource: 'Doves AG oracle of the custody (dovesAgOracle: price × 10^expo); index = the same oracle',
    openInterest: {
      base: null,
      usd: long + short,
      long,
      short,
      longBase,
      shortBase: null,
      provenance:
        'short = custody globalShortSizes / 1e6 (NATIVE, USD); long = custody locked / 10^decimals × mark (DERIVED: tokens ' +
        'locked for longs, an approximation of long OI); longBase = locked tokens; usd = long + short (venues/jupiter.md §8)',
    },
    volume24hUsd,
  };
}

export function jupFunding(id: string, asset: Custody, shortCustody: Custody | null, stamp: Stamp): FundingRate {
  const long = hourlyBorrowRate(asset);
  const short = shortCustody ? hourlyBorrowRate(shortCustody) : null;
  return borrowOnly({
    market: id,
    venue: 'jupiter',
    stamp,
    longBorrowPerHour: hourlyFraction(long),
    shortBorrowPerHour: short === null ? null : hourlyFraction(short),
    provenance:
      `BORROW_FEE (no funding exists): long = asset custody hourly borrow rate ${long}/1e9, short = ${SHORT_COLLATERAL_SYMBOL} custody ` +
      `${short === null ? 'unavailable' : `${short}/1e9`}; the program's integer jump-rate curve (venues/jupiter.md §6.2); both sides pay`,
  });
}

/**
 * The synthetic book of one market (depth.ts): asks from the asset custody's free liquidity, bids from the USDC
 * custody's (shorts are collateralised there) and the room under the market's short OI cap, both capped at the
 * custody's maxPositionSizeUsd when set; the fees
 * (open fee, impact scalar and cap) are the asset custody's for both sides.
 */
export function marketBook(
  id: string,
  c: Custody,
  shortCustody: Custody | null,
  mark: number,
  usdcPrice: number,
  stamp: Stamp,
  sequence: string,
): OrderBook {
  const cap = (x: number) => (c.maxPositionSizeUsd > 0n ? Math.min(x, scaled(c.maxPositionSizeUsd, USD_DECIMALS)) : x);
  return syntheticBook(
    id,
    mark,
    { fees: feeParams(c), availableUsd: cap(availableUsd(c, mark)) },
    { fees: feeParams(c), availableUsd: shortCustody ? Math.min(cap(availableUsd(shortCustody, usdcPrice)), shortRoomUsd(c)) : 0 },
    DEPTH_NOTIONALS_USD,
    stamp,
    sequence,
  );
}

/** The typed error of a Doves price older than 60 s (§5.6), logged with the account's own bound. */
export function staleOracle(id: string, ageMs: number, maxAgPriceAgeSec: number): VenueError {
  return new VenueError(
    'jupiter',
    'STALE',
    `${id}: Doves AG price is ${Math.round(ageMs / 1000)} s old (limit ${ORACLE_MAX_AGE_MS / 1000} s; the account's ` +
      `maxAgPriceAgeSec is ${maxAgPriceAgeSec} s); served with stale: true`,
  );
}
