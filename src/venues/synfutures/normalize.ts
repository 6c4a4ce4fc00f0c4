/**
 * Pure normalizers from decoded Observer/Instrument data to the unified types (docs/venues/synfutures.md §3, §8, §10, §11).
 *
 * Decoded sample (Observer.getInstrumentByAddressList, one element; WAD = 1e18 integers, Q96 sqrt price):
 *   { instrumentAddr: '0x…', symbol: 'BTC-USDC-LINK', initialMarginRatio: 300, maintenanceMarginRatio: 150,
 *     param: { minMarginAmount: 10e18, tradingFeeRatio: 1, protocolFeeRatio: 2, stabilityFeeRatioParam, qtype: 1, tip },
 *     spotPrice: 97200e18, condition: 0,
 *     amms: [{ expiry: 4294967295, status: 1, sqrtPX96, totalLong: 35e18, totalShort: 28e18, insuranceFund: 182000e18, … }],
 *     markPrices: [97212e18] }
 */
import { canonicalBase, canonicalQuote, marketId } from '../../core/symbols.js';
import { pricesInUsd } from '../../core/quote.js';
import type { IntervalSource, MarketMeta, MarketStats } from '../../core/types.js';
import type { SubResult } from '../../transports/evm.js';
import {
  AMM_STATUS,
  CONDITION,
  DEFAULT_FUNDING_HOUR,
  INDEX_SOURCE,
  ORACLE_RANK,
  ORDER_SPACING,
  PERP_EXPIRY,
  QUOTE_TYPE,
  RATIO_BASE,
  SYNTHETIC_INDEX_TYPES,
} from './constants.js';
import { sqrtX96ToWad, wadToNumber, WAD } from './wad.js';

export interface QuoteParam {
  minMarginAmount: bigint;
  tradingFeeRatio: number;
  protocolFeeRatio: number;
  stabilityFeeRatioParam: bigint;
  qtype: number;
  tip: bigint;
}
export interface Amm {
  expiry: number;
  timestamp: number;
  status: number;
  tick: number;
  sqrtPX96: bigint;
  liquidity: bigint;
  totalLong: bigint;
  totalShort: bigint;
  openInterests: bigint;
  insuranceFund: bigint;
}
export interface Assembled {
  instrumentAddr: `0x${string}`;
  symbol: string;
  initialMarginRatio: number;
  maintenanceMarginRatio: number;
  param: QuoteParam;
  spotPrice: bigint;
  condition: number;
  amms: readonly Amm[];
  markPrices: readonly bigint[];
  /** The index feeder (LINK markets: Chainlink aggregators with heartbeats, s; zero address = unused leg). */
  priceFeeder?: { aggregator0: `0x${string}`; heartBeat0: number; aggregator1: `0x${string}`; heartBeat1: number };
}
export interface Setting {
  symbol: string;
  quote: `0x${string}`;
  decimals: number;
}

/** What discovery keeps per served (perpetual, tradable) instrument. */
export interface InstrumentInfo {
  address: `0x${string}`;
  id: string;
  variant: string | null;
  venueSymbol: string;
  base: string;
  quote: string;
  marketType: string;
  quoteAddress: `0x${string}`;
  quoteDecimals: number;
  stableQuote: boolean;
  fundingHour: number;
  fundingHourSource: IntervalSource;
  placePaused: boolean;
  /** Position in Gate.getAllInstruments (append-only), the tie-break of last resort. */
  order: number;
  /** LINK markets: the feeder's own Chainlink aggregator and heartbeat (the oracle cross-check reads it, §8a). */
  chainlink?: { aggregator: `0x${string}`; heartbeatS: number } | null;
}

/** `BTC-USDC-LINK` → base BTC, quote USDC, market type LINK (§3). */
export function parseSymbol(symbol: string): { base: string; quote: string; marketType: string } | null {
  const parts = symbol.split('-');
  if (parts.length < 3 || !parts[0] || !parts[1]) return null;
  return { base: parts[0], quote: parts[1], marketType: parts.slice(2).join('_').toUpperCase() };
}

/** Index of the perpetual pair (expiry 0xffffffff) in `amms`/`markPrices`, or −1. */
export function perpIndex(d: Assembled): number {
  return d.amms.findIndex((a) => a.expiry === PERP_EXPIRY);
}

/** Perp filter (§3): condition NORMAL, a perpetual AMM that is TRADING with a mark price. Dated pairs never count. */
export function servedPerp(d: Assembled): { amm: Amm; mark: bigint } | null {
  if (d.condition !== CONDITION.NORMAL) return null;
  const i = perpIndex(d);
  const amm = d.amms[i];
  const mark = d.markPrices[i];
  if (!amm || mark === undefined || amm.status !== AMM_STATUS.TRADING || mark <= 0n) return null;
  return { amm, mark };
}

/**
 * Canonical ids (DESIGN §2, issue 9): stablecoin quotes → USD, WETH → ETH. Among instruments sharing base and quote,
 * the oracle-backed one (LINK, then PYTH, then STORK; then the earliest listed) gets the plain id; the others append
 * their market type. EMG/DEXV2 (synthetic index) always append it, so their ids never change when an oracle-backed
 * twin is listed later. A residual clash (same type twice) appends `TYPE_<n>` in listing order.
 */
export function assignIds(
  list: ReadonlyArray<{ address: string; base: string; quote: string; marketType: string; order: number }>,
): Map<string, { id: string; variant: string | null }> {
  const groups = new Map<string, typeof list>();
  for (const x of list) {
    const k = `${canonicalBase(x.base)}-${canonicalQuote(x.quote)}`;
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  const out = new Map<string, { id: string; variant: string | null }>();
  for (const g of groups.values()) {
    const rank = (t: string) => ORACLE_RANK[t] ?? (SYNTHETIC_INDEX_TYPES.has(t) ? 100 : 50);
    const sorted = [...g].sort((a, b) => rank(a.marketType) - rank(b.marketType) || a.order - b.order);
    const used = new Set<string>();
    sorted.forEach((x, i) => {
      let variant: string | null =
        i === 0 && !SYNTHETIC_INDEX_TYPES.has(x.marketType) ? null : x.marketType.replace(/[^A-Z0-9_]/g, '_') || 'OTHER';
      for (let n = 2; variant !== null && used.has(variant); n++) variant = `${x.marketType}_${n}`;
      if (variant !== null) used.add(variant);
      out.set(x.address.toLowerCase(), { id: marketId('synfutures', x.base, x.quote, variant), variant });
    });
  }
  return out;
}

/**
 * USD value of one quote token: 1 for stablecoins; for other quotes (WETH, …) the mark of this venue's
 * `<QUOTE>-USD` perpetual (oracle-backed preferred), with a source that says so; null when none is listed.
 */
export function quoteUsdOf(
  info: Pick<InstrumentInfo, 'quote' | 'stableQuote'>,
  usdMarks: ReadonlyMap<string, { mark: number; id: string }>,
): { usd: number; source: string } | null {
  if (info.stableQuote) return { usd: 1, source: `${info.quote} = 1 USD (stablecoin quote)` };
  const asset = canonicalBase(info.quote);
  const m = usdMarks.get(asset);
  return m ? { usd: m.mark, source: `${info.quote} × ${asset}/USD = mark of ${m.id}` } : null;
}

export const isStableQuote = (quote: string, qtype: number): boolean => canonicalQuote(quote) === 'USD' || qtype === QUOTE_TYPE.STABLE;

/** Fees, margins, leverage, insurance fund and flags for one served instrument (§10, §11). */
export function marketMeta(info: InstrumentInfo, d: Assembled, amm: Amm, quoteUsd: { usd: number; source: string } | null): MarketMeta {
  const imr = d.initialMarginRatio / RATIO_BASE;
  const mmr = d.maintenanceMarginRatio / RATIO_BASE;
  const maxLeverage = d.initialMarginRatio > 0 ? RATIO_BASE / d.initialMarginRatio : null;
  const fair = wadToNumber(sqrtX96ToWad(amm.sqrtPX96), 'fairPrice');
  // Tick: orders sit on ORDER_SPACING ticks of 1.0001 (a relative grid, §9); served as the absolute step at the current fair price.
  const tickSize = fair > 0 ? Number((fair * (1.0001 ** ORDER_SPACING - 1)).toPrecision(6)) : null;
  // minTradeValue = minMarginAmount · 1e4 / IMR, quote units (WAD), in USD (perpv3-ts InstrumentSetting, §11).
  const minTradeQuote =
    d.initialMarginRatio > 0
      ? wadToNumber((d.param.minMarginAmount * BigInt(RATIO_BASE)) / BigInt(d.initialMarginRatio), 'minTradeValue')
      : null;
  const insurance = wadToNumber(amm.insuranceFund, 'insuranceFund');
  const [base, quote] = info.id.slice('synfutures:'.length).split('-') as [string, string];
  const missing: string[] = [];
  if (quoteUsd === null) missing.push('risk.insuranceFund.balanceUsd', 'minNotional');
  if (tickSize === null) missing.push('tickSize');
  return {
    id: info.id,
    venue: 'synfutures',
    symbol: `${base}-${quote}`,
    venueSymbol: info.venueSymbol,
    baseAsset: base,
    quoteAsset: quote,
    variant: info.variant,
    marginAssets: [info.quote],
    fees: {
      maker: -d.param.tradingFeeRatio / RATIO_BASE,
      taker: (d.param.tradingFeeRatio + d.param.protocolFeeRatio) / RATIO_BASE,
      source: 'VENUE_API',
      note:
        `on-chain QuoteParam: taker = tradingFeeRatio + protocolFeeRatio (${d.param.tradingFeeRatio} + ${d.param.protocolFeeRatio} bps); ` +
        'maker = −tradingFeeRatio, the limit-order rebate (the Base contracts expose no disableOrderRebate flag, so the rebate is taken as on); ' +
        'excludes the dynamic stability fee of large price-moving trades (stabilityFeeRatioParam, legacy Base; venues/synfutures.md §10)',
    },
    // placePaused stops limit-order placement only; the AMM still trades (flag PLACE_PAUSED, §3).
    marketHours: { isOpen: true, nextOpen: null, nextClose: null },
    tickSize,
    stepSize: 1e-18,
    minNotional: minTradeQuote !== null && quoteUsd ? minTradeQuote * quoteUsd.usd : null,
    maxLeverage,
    leverageTiers: maxLeverage === null ? null : [{ notionalFloor: 0, notionalCap: null, maxLeverage, maintenanceMarginRate: mmr }],
    risk: {
      initialMarginRate: imr,
      maintenanceMarginRate: mmr,
      // Safe while equity ≥ |size| · mark · MMR (§11): the liquidation threshold is the MMR.
      liquidationThreshold: mmr,
      insuranceFund: quoteUsd
        ? {
            balanceUsd: insurance * quoteUsd.usd,
            status: 'AVAILABLE',
            source: `amm.insuranceFund of the perpetual pair (on chain, ${info.quote} WAD; ${quoteUsd.source}; venues/synfutures.md §11)`,
          }
        : {
            balanceUsd: null,
            status: 'UNAVAILABLE',
            source: `amm.insuranceFund = ${insurance} ${info.quote}; no USD price for ${info.quote} on this venue (venues/synfutures.md §11)`,
          },
    },
    flags: [
      `MARKET_TYPE_${info.marketType}`,
      ...(SYNTHETIC_INDEX_TYPES.has(info.marketType) ? ['INDEX_SYNTHETIC'] : []),
      ...(info.placePaused ? ['PLACE_PAUSED'] : []),
      `MARGIN_TOKEN_${info.quoteAddress}`,
      `MARGIN_TOKEN_DECIMALS_${info.quoteDecimals}`,
    ],
    missing,
  };
}

/**
 * Mark/index/OI from one perpetual pair (§7.1, §8, §13). Quote-denominated values are converted with `quoteUsd`:
 * markPrice/indexPrice in USD, the quote-unit prices in markPriceQuote/indexPriceQuote (core/quote.ts); `quote`
 * says where the quote's USD price came from and when.
 */
export function marketStats(
  info: InstrumentInfo,
  d: Assembled,
  amm: Amm,
  mark: bigint,
  quoteUsd: number | null,
  volume24hUsd: number | null,
  quote?: { source: string; asOf: number | null },
): MarketStats {
  const markQ = wadToNumber(mark, 'markPrice');
  const q = quoteUsd === null ? null : { usd: quoteUsd, source: quote?.source ?? `${info.quote} USD price`, asOf: quote?.asOf ?? null };
  const longBase = wadToNumber(amm.totalLong, 'totalLong');
  const shortBase = wadToNumber(amm.totalShort, 'totalShort');
  // USD per base unit = mark (quote per base, WAD) × quote USD: one conversion of the WAD product.
  const usd = (size: bigint) => (quoteUsd === null ? null : wadToNumber((size * mark) / WAD, 'openInterestQuote') * quoteUsd);
  return {
    ...pricesInUsd(markQ, wadToNumber(d.spotPrice, 'spotPrice'), q),
    priceSource:
      `Observer markPrices[perp] (mark) / spotPrice (index: ${INDEX_SOURCE[info.marketType] ?? info.marketType}); ` +
      `native in ${info.quote} (markPriceQuote), served in USD × quoteUsdPrice`,
    openInterest: {
      base: longBase + shortBase,
      usd: usd(amm.totalLong + amm.totalShort),
      long: usd(amm.totalLong),
      short: usd(amm.totalShort),
      longBase,
      shortBase,
      provenance:
        'amm.totalLong / amm.totalShort: traders’ position sizes per side (base, WAD) × mark × quote USD; base/usd = long + short. ' +
        'Not the Observer amm.openInterests aggregate, which is a different quantity (venues/synfutures.md §7.1, §13)',
    },
    volume24hUsd,
  };
}

/**
 * USD marks of assets from this venue's stablecoin-quoted perpetuals (oracle-backed preferred, then listing order):
 * the USD price of non-stable quotes such as WETH (insurance fund, OI, volume and depth in USD).
 */
export function usdMarksOf(rows: ReadonlyArray<{ info: InstrumentInfo; mark: number }>): Map<string, { mark: number; id: string }> {
  const best = new Map<string, { mark: number; id: string; rank: number; order: number }>();
  for (const { info, mark } of rows) {
    if (!info.stableQuote || !(mark > 0)) continue;
    const asset = canonicalBase(info.base);
    const rank = ORACLE_RANK[info.marketType] ?? (SYNTHETIC_INDEX_TYPES.has(info.marketType) ? 100 : 50);
    const cur = best.get(asset);
    if (!cur || rank < cur.rank || (rank === cur.rank && info.order < cur.order))
      best.set(asset, { mark, id: info.id, rank, order: info.order });
  }
  return new Map([...best].map(([k, v]) => [k, { mark: v.mark, id: v.id }]));
}

const ZERO_ADDRESS = /^0x0{40}$/;

/** A LINK market's own base aggregator (a zero address or heartbeat means none: the feed table is used, §8a). */
function feederAggregator(marketType: string, d: Assembled): { aggregator: `0x${string}`; heartbeatS: number } | null {
  const f = d.priceFeeder;
  if (marketType !== 'LINK' || !f || ZERO_ADDRESS.test(f.aggregator0) || !(f.heartBeat0 > 0)) return null;
  return { aggregator: f.aggregator0, heartbeatS: f.heartBeat0 };
}

/** One instrument's discovery reads (client.ts `discover`), each sub-call's own success or failure. */
export interface Discovered {
  data: SubResult<Assembled>;
  setting: SubResult<Setting>;
  fundingHour: SubResult<bigint>;
  placePaused: SubResult<boolean>;
}

/**
 * One discovered instrument → its description, or null when it is not served (dated-only, frozen/resolved, not
 * trading, unreadable); `count` records why. fundingHour 0 → 24 h; a missing fundingHour() → 24 h DEFAULT_ASSUMED (§7.4).
 */
export function describeInstrument(
  addr: `0x${string}`,
  order: number,
  x: Discovered,
  count: (name: string) => void,
): { info: InstrumentInfo; d: Assembled } | null {
  if (!x.data.ok) return (count(`discovery.${x.data.error.code}`), null);
  const d = x.data.value;
  if (!servedPerp(d)) return (count('discovery.filtered'), null);
  const sym = parseSymbol(d.symbol);
  if (!sym) return (count('discovery.badSymbol'), null);
  if (!x.setting.ok) return (count(`discovery.setting.${x.setting.error.code}`), null);
  if (!x.fundingHour.ok) count(`discovery.fundingHour.${x.fundingHour.error.code}`);
  if (!x.placePaused.ok) count(`discovery.placePaused.${x.placePaused.error.code}`);
  const fh = x.fundingHour.ok ? Number(x.fundingHour.value) : 0;
  const info: InstrumentInfo = {
    address: addr,
    id: '',
    variant: null,
    venueSymbol: d.symbol,
    ...sym,
    quoteAddress: x.setting.value.quote,
    quoteDecimals: x.setting.value.decimals,
    stableQuote: isStableQuote(sym.quote, d.param.qtype),
    fundingHour: fh > 0 ? fh : DEFAULT_FUNDING_HOUR,
    fundingHourSource: x.fundingHour.ok ? 'VENUE_API' : 'DEFAULT_ASSUMED',
    placePaused: x.placePaused.ok ? x.placePaused.value : false,
    order,
    chainlink: feederAggregator(sym.marketType, d),
  };
  return { info, d };
}
