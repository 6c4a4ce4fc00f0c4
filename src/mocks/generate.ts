/**
 * Deterministic generator of the 24 h mock datasets (seeded PRNG, no Math.random): funding every minute, mark,
 * OI and a top-5 book every 5 minutes, per venue, from the reference values in reference.ts. Metadata states what
 * each venue really publishes: a field the venue does not publish is null and named in `missing`.
 */
import type { MarketMeta, Venue } from '../core/types.js';
import { canonicalQuote, marketId } from '../core/symbols.js';
import type { Dataset, Series } from './dataset.js';
import { REFERENCE, type RefMarket } from './reference.js';

export const GENERATION_END = Date.parse('2026-11-01T00:00:00.000Z');
const SEEDS: Record<Venue, number> = { aster: 11, avantis: 23, jupiter: 37, synfutures: 41 };

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r6 = (x: number) => Number(x.toPrecision(6));
const r8 = (x: number) => Number(x.toPrecision(8));

function gauss(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

const NOT_PUBLISHED = (why: string) => ({ balanceUsd: null, status: 'NOT_PUBLISHED' as const, source: why });

function meta(venue: Venue, m: RefMarket): MarketMeta {
  const id = marketId(venue, m.base, m.quote, m.variant);
  const symbol = id.slice(id.indexOf(':') + 1).replace(/-PERP(-.*)?$/, '');
  const base = {
    id,
    venue,
    symbol,
    venueSymbol: m.venueSymbol,
    baseAsset: m.base,
    quoteAsset: canonicalQuote(m.quote),
    variant: m.variant ?? null,
    flags: m.flags ?? [],
  };
  const hours = { isOpen: true, nextOpen: null, nextClose: null };
  switch (venue) {
    case 'aster':
      return {
        ...base,
        marginAssets: [m.quote],
        fees: {
          maker: 0.0001,
          taker: 0.00035,
          source: 'DEFAULT_SCHEDULE',
          note: 'Default schedule (ccxt defaults, tier-based; signed commissionRate gives the account tier). Mock.',
        },
        marketHours: hours,
        tickSize: m.tick ?? null,
        stepSize: m.step ?? null,
        minNotional: m.minNotional ?? null,
        maxLeverage: null,
        leverageTiers: null,
        risk: {
          initialMarginRate: null,
          maintenanceMarginRate: null,
          liquidationThreshold: null,
          insuranceFund: NOT_PUBLISHED('Aster publishes no insurance-fund endpoint (venues/aster.md §0.6)'),
        },
        missing: [
          'maxLeverage',
          'leverageTiers',
          'risk.maintenanceMarginRate',
          'risk.initialMarginRate',
          'risk.liquidationThreshold',
          'risk.insuranceFund.balanceUsd',
          'openInterest.long',
          'openInterest.short',
        ],
      };
    case 'avantis':
      return {
        ...base,
        marginAssets: ['USDC'],
        fees: {
          maker: r6(m.variant === 'DEGEN' ? 0 : 0.0004),
          taker: r6(m.variant === 'DEGEN' ? 0 : 0.0006),
          source: 'MOCK',
          note: 'Avantis "maker" means skew-reducing, not resting liquidity (venues/avantis.md §6).',
        },
        marketHours: m.marketHours ? { isOpen: false, nextOpen: GENERATION_END + 2 * 3_600_000, nextClose: null } : hours,
        tickSize: null,
        stepSize: null,
        minNotional: 100,
        maxLeverage: m.maxLeverage,
        leverageTiers: [
          { notionalFloor: 0, notionalCap: null, maxLeverage: m.maxLeverage, maintenanceMarginRate: r6(0.15 / m.maxLeverage) },
        ],
        risk: {
          initialMarginRate: r6(1 / m.maxLeverage),
          maintenanceMarginRate: r6(0.15 / m.maxLeverage),
          liquidationThreshold: 0.85,
          insuranceFund: NOT_PUBLISHED('Avantis publishes no insurance fund (LP vault is the counterparty)'),
        },
        flags: m.marketHours ? ['CLOSED'] : base.flags,
        missing: ['tickSize', 'stepSize', 'risk.insuranceFund.balanceUsd'],
      };
    case 'jupiter':
      return {
        ...base,
        marginAssets: [m.base === 'BTC' ? 'WBTC' : m.base, 'USDC'],
        fees: {
          maker: 0.0006,
          taker: 0.0006,
          source: 'MOCK',
          note: 'Open/close fee (increase/decrease position bps) plus price-impact fee; no maker concept: maker = taker.',
        },
        marketHours: hours,
        tickSize: null,
        stepSize: null,
        minNotional: 10,
        maxLeverage: m.maxLeverage,
        leverageTiers: null,
        risk: {
          initialMarginRate: r6(1 / m.maxLeverage),
          maintenanceMarginRate: r6(1 / 500),
          liquidationThreshold: null,
          insuranceFund: NOT_PUBLISHED('No insurance fund: the JLP pool is the counterparty'),
        },
        missing: ['tickSize', 'stepSize', 'leverageTiers', 'risk.liquidationThreshold', 'risk.insuranceFund.balanceUsd'],
      };
    case 'synfutures': {
      const imr = 1 / m.maxLeverage;
      return {
        ...base,
        marginAssets: [m.quote],
        fees: {
          maker: -0.0001,
          taker: 0.0003,
          source: 'MOCK',
          note: 'Taker = tradingFeeRatio + protocolFeeRatio; maker = −tradingFeeRatio (rebate).',
        },
        marketHours: hours,
        tickSize: null,
        stepSize: 1e-18,
        minNotional: m.minNotional ?? null,
        maxLeverage: r6(m.maxLeverage),
        leverageTiers: [{ notionalFloor: 0, notionalCap: null, maxLeverage: r6(m.maxLeverage), maintenanceMarginRate: r6(imr / 2) }],
        risk: {
          initialMarginRate: r6(imr),
          maintenanceMarginRate: r6(imr / 2),
          liquidationThreshold: r6(imr / 2),
          insuranceFund: {
            balanceUsd: m.insuranceUsd ?? null,
            status: 'AVAILABLE',
            source: `amm.insuranceFund in ${m.quote}${m.quote === 'WETH' ? ', × ETH/USD' : ''} (mock)`,
          },
        },
        flags: [...(m.flags ?? []), `MARKET_TYPE_${m.marketType ?? 'LINK'}`],
        missing: ['tickSize'],
      };
    }
  }
}

function series(venue: Venue, m: RefMarket, rnd: () => number): Series {
  const SNAPS = 288;
  const MINUTES = 1440;
  // Mark: geometric random walk per 5 minutes ending near the reference price.
  const sigma = m.vol / Math.sqrt(SNAPS);
  const path: number[] = [m.price];
  for (let i = 1; i < SNAPS; i++) path.push(path[i - 1]! * Math.exp(sigma * gauss(rnd)));
  const scale = m.price / path[SNAPS - 1]!;
  const mark = path.map((p) => r8(p * scale));
  const index = mark.map((p) => r8(p * (1 + (rnd() - 0.5) * 0.0004)));
  const oiLong = mark.map((_, i) => Math.round(m.oiUsd * m.longShare * (1 + 0.1 * Math.sin(i / 40) + 0.02 * gauss(rnd))));
  const oiShort = mark.map((_, i) =>
    m.longShare >= 1 ? 0 : Math.round(m.oiUsd * (1 - m.longShare) * (1 + 0.1 * Math.cos(i / 50) + 0.02 * gauss(rnd))),
  );
  // Books: offsets in bps from mark and sizes in base.
  const book = mark.map((p) => {
    const half = m.spreadBps / 2;
    const bo: number[] = [];
    const bs: number[] = [];
    const ao: number[] = [];
    const as: number[] = [];
    for (let k = 0; k < 5; k++) {
      if (venue === 'aster') {
        bo.push(r6(half + k * m.spreadBps * (1 + rnd())));
        ao.push(r6(half + k * m.spreadBps * (1 + rnd())));
        bs.push(r6((m.depthUsd * (0.4 + rnd())) / p / 5));
        as.push(r6((m.depthUsd * (0.4 + rnd())) / p / 5));
      } else {
        // Synthetic: 5 levels from 0.2 % to 1 %, cumulative USD ∝ distance, reaching the 1 % depth at 1 %.
        const dist = 20 * (k + 1);
        bo.push(r6(dist + half));
        ao.push(r6(dist + half));
        const lvlUsd = (venue === 'jupiter' ? m.oiUsd * 0.15 : m.depthUsd) / 5;
        bs.push(r6((lvlUsd * (0.95 + rnd() * 0.1)) / p));
        as.push(r6((lvlUsd * (0.95 + rnd() * 0.1)) / p));
      }
    }
    return [...bo, ...bs, ...ao, ...as];
  });
  const funding: number[][] = [];
  let level = m.carry;
  for (let i = 0; i < MINUTES; i++) {
    level = level * 0.999 + m.carry * 0.001 + m.carry * 0.01 * gauss(rnd);
    const snap = Math.min(SNAPS - 1, Math.floor(i / 5));
    const lo = oiLong[snap]!;
    const sh = oiShort[snap]!;
    switch (venue) {
      case 'aster':
        funding.push([r6(level)]);
        break;
      case 'avantis': {
        // Per-side funding (%/h): the crowded side (by coin OI) pays, the other receives; long×OI_long + short×OI_short = 0.
        const skew = sh > 0 ? (lo - sh) / (lo + sh) : 1;
        const pay = Math.abs(skew) * 0.004 * (1 + 0.05 * gauss(rnd));
        const longPct = skew >= 0 ? pay : sh > 0 ? -(pay * sh) / lo : pay;
        const shortPct = sh === 0 ? 0 : skew >= 0 ? -(pay * lo) / sh : pay;
        funding.push([r8(longPct), r8(shortPct), r8(Math.abs(level)), r8(Math.abs(level) * (m.base === 'LINK' ? 1.1 : 1))]);
        break;
      }
      case 'jupiter':
        funding.push([r8(Math.abs(level)), r8(0.0000052 * (1 + 0.01 * gauss(rnd)))]);
        break;
      case 'synfutures': {
        const rate = level;
        const payerSize = rate >= 0 ? lo : sh;
        const recvSize = rate >= 0 ? sh : lo;
        const recv = recvSize > 0 ? -Math.abs(rate) * (payerSize / recvSize) : 0;
        funding.push(rate >= 0 ? [r8(rate), r8(rate), r8(recv)] : [r8(rate), r8(recv), r8(-rate)]);
        break;
      }
    }
  }
  const interval = m.intervalHours ?? (venue === 'aster' ? 8 : 1);
  return {
    intervalHours: interval,
    volume24hUsd: m.volume24hUsd,
    funding,
    mark,
    index,
    oiLongUsd: oiLong,
    oiShortUsd: oiShort,
    book,
    nextFundingOffsetMs:
      venue === 'aster' ? interval * 3_600_000 - (GENERATION_END % (interval * 3_600_000)) || interval * 3_600_000 : null,
    bookKind: venue === 'aster' ? 'ORDER_BOOK' : 'SYNTHETIC',
    bookModel:
      venue === 'aster'
        ? null
        : venue === 'avantis'
          ? 'avantis-linear-1pct-depth: levels every 0.2 % to 1 % from the oracle price, cumulative USD ∝ distance, reaching pairParams.onePercentDepthAbove/Below at 1 %, plus spreadP'
          : venue === 'jupiter'
            ? 'jupiter-fee-model: base open fee + price-impact fee, capped at custody available liquidity (owned − locked)'
            : 'synfutures-amm-walk: Observer.liquidityDetails tick walk (ranges + limit orders)',
    quoteUsd: m.quoteUsd ?? 1,
  };
}

export function generateDataset(venue: Venue): Dataset {
  const rnd = prng(SEEDS[venue]);
  const markets = REFERENCE[venue].map((m) => meta(venue, m));
  const s: Record<string, Series> = {};
  REFERENCE[venue].forEach((m, i) => (s[markets[i]!.id] = series(venue, m, rnd)));
  return { venue, version: 1, seed: SEEDS[venue], endTime: GENERATION_END, markets, series: s };
}

/** The exact bytes written to mocks/perp_feeds/<venue>.24h.json. */
export function serializeDataset(d: Dataset): string {
  return JSON.stringify(d) + '\n';
}
