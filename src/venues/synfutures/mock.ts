/**
 * SynFutures in mock mode: each dataset row becomes the on-chain quantities the live connector reads (the AMM's
 * sqrtPX96 at the fair price mark × (1 + rate), the Observer mark, amm.totalLong/totalShort in base WAD, and a
 * liquidityDetails range around the fair tick sized from the stored depth), which then go through this venue's own
 * rates.ts and depth.ts: the exact WAD funding, the receiver rate over its own OI, and the 5-level AMM walk.
 */
import type { FundingRate, MarketMeta, Stamp } from '../../core/types.js';
import type { MockTick, VenueMock } from '../../mocks/venue-mock.js';
import { DEPTH_LEVELS, DEPTH_TICK_DELTA, ORDER_SPACING } from './constants.js';
import { ammBook, type LiquidityDetails } from './depth.js';
import { marketMeta, marketStats, type Amm, type Assembled, type InstrumentInfo } from './normalize.js';
import { synFunding } from './rates.js';
import { Q96, WAD } from './wad.js';

/** A decimal number as a WAD integer (9 significant decimals, then exact integer scaling). */
const toWad = (x: number): bigint => BigInt(Math.round(x * 1e9)) * 10n ** 9n;

/** Integer square root (Newton), for sqrtPX96 = √(fair) · 2^96 computed exactly from the WAD price. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

/** The AMM state of a row: fair = mark × (1 + rate), the payer rate per funding period (docs/venues/synfutures.md §7). */
function amm(m: MockTick) {
  const fair = m.snap.mark * (1 + m.funding.rate!);
  const px = m.snap.mark * m.series.quoteUsd;
  return {
    fair,
    sqrtPX96: isqrt((toWad(fair) * Q96 * Q96) / WAD),
    mark: toWad(m.snap.mark),
    totalLong: toWad(m.snap.oiLongUsd / px),
    totalShort: toWad(m.snap.oiShortUsd / px),
  };
}

const param = (m: MockTick, k: string): string | number => m.series.params?.[k] ?? '';

/** The Observer/Gate view of the instrument (docs/venues/synfutures.md §3, §10, §11), from the series' static params. */
function instrument(m: MockTick): { info: InstrumentInfo; d: Assembled; amm: Amm } {
  const a = amm(m);
  const quote = String(param(m, 'quote'));
  const addr = '0x0000000000000000000000000000000000000000' as const;
  const info: InstrumentInfo = {
    address: addr,
    id: m.meta.id,
    variant: m.meta.variant,
    venueSymbol: m.meta.venueSymbol,
    base: m.meta.baseAsset,
    quote,
    marketType: String(param(m, 'marketType')),
    quoteAddress: String(param(m, 'quoteAddress')) as `0x${string}`,
    quoteDecimals: Number(param(m, 'quoteDecimals')),
    stableQuote: m.series.quoteUsd === 1,
    fundingHour: m.series.intervalHours,
    fundingHourSource: 'VENUE_API',
    placePaused: false,
    order: 0,
  };
  const pool: Amm = {
    expiry: 4294967295,
    timestamp: Math.floor(m.t / 1000),
    status: 1,
    tick: Math.floor(Math.log(a.fair) / Math.log(1.0001)),
    sqrtPX96: a.sqrtPX96,
    liquidity: 0n,
    totalLong: a.totalLong,
    totalShort: a.totalShort,
    openInterests: a.totalLong + a.totalShort,
    insuranceFund: toWad(Number(param(m, 'insuranceFund'))),
  };
  const d: Assembled = {
    instrumentAddr: addr,
    symbol: m.meta.venueSymbol,
    initialMarginRatio: Number(param(m, 'imrBps')),
    maintenanceMarginRatio: Number(param(m, 'mmrBps')),
    param: {
      minMarginAmount: toWad(Number(param(m, 'minMarginAmount'))),
      tradingFeeRatio: Number(param(m, 'tradingFeeRatio')),
      protocolFeeRatio: Number(param(m, 'protocolFeeRatio')),
      stabilityFeeRatioParam: 0n,
      qtype: m.series.quoteUsd === 1 ? 1 : 2,
      tip: 0n,
    },
    spotPrice: toWad(m.snap.index),
    condition: 1,
    amms: [pool],
    markPrices: [a.mark],
  };
  return { info, d, amm: pool };
}

function meta(m: MockTick): MarketMeta {
  const { info, d, amm: pool } = instrument(m);
  const usd = m.series.quoteUsd;
  return marketMeta(info, d, pool, {
    usd,
    source: usd === 1 ? 'stablecoin quote' : `${info.quote} priced by this venue's own USD-quoted perpetual`,
  });
}

function funding(m: MockTick, stamp: Stamp): FundingRate {
  const a = amm(m);
  const imrBps = Math.round((m.series.capRate ?? 0) * 1e4);
  return synFunding(m.meta.id, { ...a, fundingHour: m.series.intervalHours, fundingHourSource: 'VENUE_API', imrBps }, stamp);
}

/**
 * One concentrated-liquidity range around the fair tick, wide enough for the walk (±2 × DEPTH_TICK_DELTA), holding
 * L such that a 5-tick band carries the stored first level's notional: band quote ≈ L · √P · (1.0001^(5/2) − 1).
 */
function details(m: MockTick, stamp: Stamp): LiquidityDetails {
  const a = amm(m);
  const tick = Math.floor(Math.log(a.fair) / Math.log(1.0001));
  const levelUsd = m.storedBook(a.fair, stamp).asks[0]?.sizeUsd ?? 0;
  const L = levelUsd / (m.series.quoteUsd * Math.sqrt(a.fair) * (Math.pow(1.0001, ORDER_SPACING / 2) - 1));
  const liquidity = toWad(L);
  const span = 2 * DEPTH_TICK_DELTA;
  return {
    amm: { sqrtPX96: a.sqrtPX96, tick, liquidity },
    tids: [tick - span, tick + span],
    pearls: [
      { liquidityNet: liquidity, left: 0n },
      { liquidityNet: -liquidity, left: 0n },
    ],
    blockInfo: { timestamp: Math.floor(m.t / 1000), height: m.bucket },
  };
}

export const synfuturesMock: VenueMock = {
  fundingColumns: ['rate'],
  meta,
  funding,
  stats(m: MockTick) {
    const { info, d, amm: pool } = instrument(m);
    return marketStats(info, d, pool, toWad(m.snap.mark), m.series.quoteUsd, m.snap.volume24hUsd);
  },
  book(m: MockTick, stamp: Stamp) {
    const opts = { levels: DEPTH_LEVELS, spacing: ORDER_SPACING, tickDelta: DEPTH_TICK_DELTA, quoteUsd: m.series.quoteUsd, stamp };
    return ammBook(m.meta.id, details(m, stamp), opts);
  },
};
