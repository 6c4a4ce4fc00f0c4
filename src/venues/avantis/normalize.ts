/**
 * Avantis catalog pair + Pyth oracle price → normalized records (docs/venues/avantis.md §1.2, §2.5, §5, §6).
 * Pure functions; every funding figure goes through core/funding.ts.
 */
import { fundingPlusBorrowPctPerHour } from '../../core/funding.js';
import { DataError } from '../../core/errors.js';
import type { OraclePrice } from '../../oracles/pyth.js';
import { marketId, parseMarketId } from '../../core/symbols.js';
import type { DepthLevel, FundingRate, MarketHours, MarketMeta, MarketStats, OrderBook, Stamp } from '../../core/types.js';
import type { CatalogSource } from './catalog.js';
import type { Pair } from './wire.js';

/** v2 liquidation: losses + accrued fees reach 85 % of collateral (§2.5 g). */
export const LIQUIDATION_THRESHOLD = 0.85;
/** Synthetic depth: cumulative notional at each level as a fraction of the 1 % depth (fine near the touch, where trades are). */
export const DEPTH_FRACTIONS = [0.001, 0.01, 0.1, 0.5, 1] as const;
export const BOOK_MODEL =
  'avantis-linear-impact: no order book exists (peer-to-pool, fills at the Pyth oracle price ± spread). Synthetic levels from ' +
  'pairParams.onePercentDepthAbove/Below (Avantis’s reference depth: a trade of that notional fills 1 % away) and spreadP: ' +
  'a trade of notional N fills at oracle × (1 ± (spreadP + N / onePercentDepth × 1 %)). Five levels per side end at cumulative ' +
  '0.1 %, 1 %, 10 %, 50 % and 100 % of the 1 % depth, each priced so that the VWAP through it equals the fill price of its ' +
  'cumulative notional: walking the full depth fills at oracle ∓ (spreadP + 1 %). Each side stops at the remaining side ' +
  'capacity (liquidity.buy for asks, liquidity.sell for bids) where the catalog gives it. venues/avantis.md §2.5 b, e, §6';

const VARIANTS = ['UPSIDE', 'DEGEN'] as const;

/** Base asset and variant from a pair's `from` (`ETH`, `ETH_UPSIDE`, `BTC_DEGEN`). */
export function splitVariant(from: string): { base: string; variant: string | null } {
  for (const v of VARIANTS) if (from.toUpperCase().endsWith(`_${v}`)) return { base: from.slice(0, -(v.length + 1)), variant: v };
  return { base: from, variant: null };
}

/**
 * Base, quote and variant of a pair from both legs: the suffix sits on either (`ETH_UPSIDE`/`USD`, and on the quote
 * leg `USD`/`JPY_DEGEN` = market USD-JPY, variant DEGEN). Null when both legs carry one.
 */
export function splitPair(from: string, to: string): { base: string; quote: string; variant: string | null } | null {
  const f = splitVariant(from);
  const t = splitVariant(to);
  if (f.variant && t.variant) return null;
  return { base: f.base, quote: t.base, variant: f.variant ?? t.variant };
}

/** Canonical id of a pair, or null for a retired slot, a delisted pair or a name that cannot form an id. */
export function pairId(p: Pair): string | null {
  if (p.isPairListed === false || !p.from || !p.to) return null;
  const s = splitPair(p.from, p.to);
  if (!s || !/^[A-Za-z0-9.]+$/.test(s.base) || !/^[A-Za-z0-9.]+$/.test(s.quote)) return null;
  const id = marketId('avantis', s.base, s.quote, s.variant);
  return parseMarketId(id) ? id : null;
}

/** Market hours from the feed attributes (v2 camelCase or legacy snake_case; a time of 0 means none). */
export function marketHours(p: Pair): MarketHours {
  const a = p.feed?.attributes;
  const isOpen = a?.isOpen ?? a?.is_open ?? true;
  const t = (s: number | null | undefined) => (typeof s === 'number' && s > 0 ? s * 1000 : null);
  return { isOpen, nextOpen: t(a?.nextOpen ?? a?.next_open), nextClose: t(a?.nextClose ?? a?.next_close) };
}

/**
 * Pyth feed id without `0x`, lower-case (Hermes outputs never carry the prefix, §4); null for none, a malformed id
 * or the all-zero placeholder of a pair priced only by a Lazer feed (there is nothing to ask Hermes for).
 */
export function feedKey(p: Pair): string | null {
  const id = p.feed?.feedId?.toLowerCase().replace(/^0x/, '');
  return id && /^[0-9a-f]{64}$/.test(id) && !/^0+$/.test(id) ? id : null;
}

// The oracle price and its exact scaling live in the shared Pyth module; re-exported so the names stay stable.
export { scaled, type OraclePrice } from '../../oracles/pyth.js';

const pct = (v: number | undefined): number | null => (v === undefined ? null : v / 100);

export function marketMeta(p: Pair, id: string, source: CatalogSource, group: { name: string | null } | null): MarketMeta {
  const { base, quote, variant } = splitPair(p.from, p.to) ?? { ...splitVariant(p.from), quote: p.to };
  const upside = variant === 'UPSIDE';
  const v2 = p.additionalPairParams2;
  const maker = v2?.openMakerFeeP ?? p.openFeeP;
  const taker = v2?.openTakerFeeP ?? p.openFeeP;
  const maxLev = (upside ? p.leverages?.pnlMaxLeverage : undefined) ?? p.leverages?.maxLeverage ?? null;
  const maxLeverage = maxLev !== null && maxLev > 0 ? maxLev : null;
  const mmr = maxLeverage ? (1 - LIQUIDATION_THRESHOLD) / maxLeverage : null;
  const hours = marketHours(p);
  const missing = ['tickSize', 'stepSize', 'risk.insuranceFund.balanceUsd'];
  const feeParts = v2
    ? `open maker ${v2.openMakerFeeP ?? '?'} % / taker ${v2.openTakerFeeP ?? '?'} %, close maker ${v2.closeMakerFeeP ?? '?'} % / taker ${v2.closeTakerFeeP ?? '?'} % (additionalPairParams2)`
    : `openFeeP ${p.openFeeP ?? '?'} % / closeFeeP ${p.closeFeeP ?? '?'} % (fixed fee; no v2 maker/taker fields in this source)`;
  return {
    id,
    venue: 'avantis',
    symbol: id.slice('avantis:'.length).replace(/-PERP.*$/, ''),
    venueSymbol: String(p.index ?? p.feed?.attributes?.symbol ?? `${p.from}/${p.to}`),
    baseAsset: base.toUpperCase(),
    quoteAsset: quote.toUpperCase(),
    variant,
    marginAssets: ['USDC'],
    fees: {
      maker: pct(maker),
      taker: pct(taker),
      source: 'VENUE_API',
      note:
        `${feeParts}. Avantis "maker" means a trade that reduces coin-OI skew, not resting liquidity (venues/avantis.md §2.5 d).` +
        (upside ? ' Upside (zero-fee) pair: a tiered share of profits (pnlFees) is taken instead of open/close fees.' : ''),
    },
    marketHours: hours,
    tickSize: null,
    stepSize: null,
    minNotional: p.minLevPosUSDC ?? null,
    maxLeverage,
    leverageTiers: maxLeverage ? [{ notionalFloor: 0, notionalCap: null, maxLeverage, maintenanceMarginRate: mmr }] : null,
    risk: {
      initialMarginRate: maxLeverage ? 1 / maxLeverage : null,
      // ≈ (1 − 0.85) / leverage at maximum leverage, ignoring accrued fees; the venue's rule is the 85 % collateral loss.
      maintenanceMarginRate: mmr,
      // One definition across venues: the margin ratio at liquidation, at max leverage (= mmr); the venue's own rule
      // (liquidated at 85 % of collateral lost) in its own field (docs/venues/avantis.md §2.5 g).
      liquidationThreshold: mmr,
      liquidationCollateralLossFraction: LIQUIDATION_THRESHOLD,
      insuranceFund: {
        balanceUsd: null,
        status: 'NOT_PUBLISHED',
        source: 'Avantis publishes no insurance fund: the USDC vault (LPs) is the counterparty (venues/avantis.md §6)',
      },
    },
    flags: [
      ...(group?.name ? [`PAIR_GROUP_${group.name}`] : []),
      ...(upside ? ['ZERO_FEE_PNL_SHARE'] : []),
      ...(hours.isOpen ? [] : ['MARKET_CLOSED']),
      ...(v2?.closeOnlyMode ? ['CLOSE_ONLY'] : []),
      ...(source === 'legacy' ? ['LEGACY_CATALOG'] : []),
    ],
    missing: maxLeverage ? missing : [...missing, 'maxLeverage'],
  };
}

export function marketStats(p: Pair, oracle: OraclePrice | null, volume24hUsd: number | null): MarketStats {
  const oi = p.openInterest;
  const coin = p.coinOI;
  const caps = [
    p.pairMaxOI !== undefined ? `pairMaxOI ${p.pairMaxOI} USD` : null,
    p.liquidity ? `remaining side capacity buy ${p.liquidity.buy} / sell ${p.liquidity.sell} USD` : null,
  ].filter(Boolean);
  return {
    markPrice: oracle?.price ?? null,
    indexPrice: oracle?.price ?? null,
    priceSource: oracle
      ? `Pyth Hermes oracle price (confidence ±${oracle.conf}, published ${new Date(oracle.publishTime).toISOString()}); ` +
        'Avantis fills at the oracle price ± spread and has no separate mark price, so mark = index = oracle'
      : null,
    openInterest: {
      usd: oi ? oi.long + oi.short : null,
      base: coin ? coin.long + coin.short : null,
      long: oi?.long ?? null,
      short: oi?.short ?? null,
      longBase: coin?.long ?? null,
      shortBase: coin?.short ?? null,
      provenance:
        'catalog openInterest.{long,short} (USDC notional) and coinOI.{long,short} (base units)' +
        (caps.length ? `; caps: ${caps.join(', ')}` : ''),
    },
    volume24hUsd,
  };
}

export function funding(p: Pair, id: string, source: CatalogSource, stamp: Stamp): FundingRate {
  const fr = source === 'v2' ? p.fundingRate : undefined;
  return fundingPlusBorrowPctPerHour({
    market: id,
    venue: 'avantis',
    stamp,
    longFundingPct: fr?.long ?? null,
    shortFundingPct: fr?.short ?? null,
    longBorrowPct: p.marginFee?.long ?? null,
    shortBorrowPct: p.marginFee?.short ?? null,
    provenance:
      source === 'legacy'
        ? 'legacy catalog (socket-api v1/data) has no funding fields: per-side funding null; marginFee = borrow, % per hour. Total cost unknown.'
        : 'v2 /v2/trading: fundingRate.{long,short} (% per hour, signed, positive = that side pays; skew-based, accrues ' +
          'continuously per block: intervalHours 1 is a convention, not a settlement) + marginFee.{long,short} (borrow, always ' +
          'paid). ratePerHour = the long side’s funding.',
  });
}

/**
 * Synthetic book (see BOOK_MODEL). A trade of notional C fills at fill(C) = oracle × (1 ± (s + C / D × 1 %)), i.e. it
 * buys C / fill(C) base units. The level covering (C₁, C₂] holds the base units bought between them, at the price
 * (C₂ − C₁) / (C₂ / fill(C₂) − C₁ / fill(C₁)), so the VWAP of a walk to any level boundary is exactly fill(C).
 */
export function syntheticBook(p: Pair, id: string, oracle: number, stamp: Stamp): OrderBook | null {
  const depth = p.pairParams;
  if (!depth || !(oracle > 0)) return null;
  if (p.spreadP !== undefined && !(p.spreadP >= 0))
    throw new DataError('INVALID_NUMBER', `${id}: spreadP ${p.spreadP} is negative: no synthetic book from it`);
  const s = (p.spreadP ?? 0) / 100;
  const side = (D: number, dir: 1 | -1, cap: number | null): DepthLevel[] => {
    if (!(D > 0) || !Number.isFinite(D)) return [];
    const fill = (c: number) => oracle * (1 + dir * (s + (c / D) * 0.01));
    const out: DepthLevel[] = [];
    let prevC = 0;
    let prevQ = 0;
    for (const f of DEPTH_FRACTIONS) {
      // Nothing beyond the side's remaining capacity (`liquidity.buy/sell`): the venue would refuse the trade.
      const c = cap !== null ? Math.min(D * f, cap) : D * f;
      if (!(c - prevC >= 0.01)) break; // less than a cent of room is no level (it would lock the book at the oracle)
      const px = fill(c);
      if (!(px > 0) || !Number.isFinite(px)) break;
      const q = c / px;
      const size = q - prevQ;
      const last = out[out.length - 1]?.price;
      const raw = (c - prevC) / size;
      // Never better than the previous level (float rounding must not un-sort near-equal levels).
      const price = last === undefined ? raw : dir > 0 ? Math.max(raw, last) : Math.min(raw, last);
      if (!(size > 0) || !(price > 0) || !Number.isFinite(price)) break;
      out.push({ price, size, sizeUsd: c - prevC, cumulativeSizeUsd: c });
      prevC = c;
      prevQ = q;
    }
    return out;
  };
  const room = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : Math.max(0, v));
  const bids = side(depth.onePercentDepthBelow, -1, room(p.liquidity?.sell));
  const asks = side(depth.onePercentDepthAbove, 1, room(p.liquidity?.buy));
  return {
    market: id,
    venue: 'avantis',
    kind: 'SYNTHETIC',
    model: BOOK_MODEL,
    // spreadP + impact only: the open/close fee is charged on top (docs/venues/avantis.md §2.5 d, §6)
    pricesIncludeFees: false,
    bids,
    asks,
    midPrice: oracle,
    spreadBps: bids[0] && asks[0] ? ((asks[0].price - bids[0].price) / oracle) * 1e4 : null,
    sequence: null,
    stamp,
  };
}
