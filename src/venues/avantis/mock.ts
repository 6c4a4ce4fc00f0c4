/**
 * Avantis in mock mode: each dataset row becomes the /v2/trading pair entry the live connector reads (static fields
 * from the series' `params`, per-side funding and margin fee in % per hour and OI from the row, market hours from
 * the session) and a Pyth price; the entry is validated by this venue's wire schema and normalized by its own
 * normalize.ts, so mock and live serve the same fields, flags, fee model and the same five-level synthetic book.
 */
import type { MarketMeta, Stamp } from '../../core/types.js';
import type { LiveRecord, MockTick, VenueMock } from '../../mocks/venue-mock.js';
import { DEPTH_FRACTIONS, funding, marketMeta, marketStats, syntheticBook, type OraclePrice } from './normalize.js';
import { Pair } from './wire.js';

const COLUMNS = ['longFundingPct', 'shortFundingPct', 'longBorrowPct', 'shortBorrowPct'] as const;

const num = (m: MockTick, k: string): number => Number(m.series.params?.[k]);
const str = (m: MockTick, k: string): string => String(m.series.params?.[k] ?? '');

/** The static part of each market's pair entry, validated once by this venue's wire schema. */
const statics = new WeakMap<object, Pair>();

function staticPair(m: MockTick): Pair {
  let p = statics.get(m.series);
  if (!p) {
    p = Pair.parse({
      index: num(m, 'pairIndex'),
      from: str(m, 'from'),
      to: str(m, 'to'),
      isPairListed: true,
      leverages: { maxLeverage: num(m, 'maxLeverage'), pnlMaxLeverage: num(m, 'maxLeverage') },
      ...(m.series.params?.fundingFeePerHourP === undefined ? {} : { fundingFeePerHourP: num(m, 'fundingFeePerHourP') }),
      minLevPosUSDC: num(m, 'minLevPosUSDC'),
      additionalPairParams2: { openMakerFeeP: num(m, 'openMakerFeeP'), openTakerFeeP: num(m, 'openTakerFeeP') },
      spreadP: num(m, 'spreadP'),
      pairParams: { onePercentDepthAbove: num(m, 'onePercentDepthAbove'), onePercentDepthBelow: num(m, 'onePercentDepthBelow') },
    });
    statics.set(m.series, p);
  }
  return p;
}

/** The pair entry as /v2/trading sends it at the tick's time (docs/venues/avantis.md §1.2): static part + this row. */
function pairOf(m: MockTick): Pair {
  const f = m.funding;
  const { oiLongUsd: long, oiShortUsd: short, mark } = m.snap;
  const hours = m.meta.marketHours;
  const sec = (t: number | null) => (t === null ? 0 : Math.floor(t / 1000));
  return {
    ...staticPair(m),
    feed: { feedId: '0'.repeat(64), attributes: { isOpen: hours.isOpen, nextOpen: sec(hours.nextOpen), nextClose: sec(hours.nextClose) } },
    openInterest: { long, short },
    coinOI: { long: long / mark, short: short / mark },
    marginFee: { long: f.longBorrowPct!, short: f.shortBorrowPct! },
    fundingRate: { long: f.longFundingPct!, short: f.shortFundingPct! },
  };
}

/** The Pyth price of the tick (Avantis has no separate mark: mark = index = oracle). */
const oracleOf = (m: MockTick): OraclePrice => ({
  price: m.snap.mark,
  conf: Number((m.snap.mark * 5e-5).toPrecision(4)),
  publishTime: m.t,
});

/** A fraction back to the catalog's percent (12 significant digits: the × 100 of the normalizer, undone). */
function pctOf(v: number | null, what: string): number {
  if (v === null) throw new Error(`${what} not served`);
  return Number((v * 100).toPrecision(12));
}

/**
 * The pair's static catalog fields from what the live plane served: leverage, fees and minimum from the metadata,
 * spreadP and the 1 % depths from the synthetic book (its first level's cumulative notional is DEPTH_FRACTIONS[0] of
 * the depth and fills at oracle × (1 ± (spreadP + that fraction × 1 %)), normalize.ts `syntheticBook`).
 */
function recordParams(r: LiveRecord): Record<string, number | string> {
  const { meta, book, stats } = r;
  const oracle = stats.markPrice ?? book.midPrice;
  const f0 = DEPTH_FRACTIONS[0];
  const a0 = book.asks[0];
  const b0 = book.bids[0];
  if (!a0 || !b0 || oracle === null) throw new Error(`${meta.id}: no synthetic book or oracle price served`);
  const spread = Math.max(0, a0.price / oracle - 1 - f0 * 0.01);
  const group = meta.flags.find((x) => x.startsWith('PAIR_GROUP_'))?.slice('PAIR_GROUP_'.length) ?? '';
  return {
    pairIndex: Number(meta.venueSymbol),
    group,
    from: meta.variant ? `${meta.baseAsset}_${meta.variant}` : meta.baseAsset,
    to: meta.quoteAsset,
    maxLeverage: meta.maxLeverage ?? 0,
    openMakerFeeP: pctOf(meta.fees.maker, `${meta.id} fees.maker`),
    openTakerFeeP: pctOf(meta.fees.taker, `${meta.id} fees.taker`),
    minLevPosUSDC: meta.minNotional ?? 0,
    spreadP: Number((spread * 100).toPrecision(8)),
    onePercentDepthAbove: Math.round(a0.cumulativeSizeUsd / f0),
    onePercentDepthBelow: Math.round(b0.cumulativeSizeUsd / f0),
  };
}

export const avantisMock: VenueMock = {
  fundingColumns: COLUMNS,
  // The recorder's inverse: per-side funding and margin fee back to the catalog's % per hour.
  recordFunding: (r: LiveRecord) => ({
    longFundingPct: pctOf(r.funding.longRatePerHour, `${r.meta.id} funding.longRatePerHour`),
    shortFundingPct: pctOf(r.funding.shortRatePerHour, `${r.meta.id} funding.shortRatePerHour`),
    longBorrowPct: pctOf(r.funding.longBorrowRatePerHour, `${r.meta.id} funding.longBorrowRatePerHour`),
    shortBorrowPct: pctOf(r.funding.shortBorrowRatePerHour, `${r.meta.id} funding.shortBorrowRatePerHour`),
  }),
  recordParams,
  meta(m: MockTick): MarketMeta {
    return marketMeta(pairOf(m), m.meta.id, 'v2', { name: str(m, 'group') || null });
  },
  funding: (m: MockTick, stamp: Stamp) => funding(pairOf(m), m.meta.id, 'v2', stamp),
  stats: (m: MockTick) => marketStats(pairOf(m), oracleOf(m), m.snap.volume24hUsd),
  book(m: MockTick, stamp: Stamp) {
    const b = syntheticBook(pairOf(m), m.meta.id, m.snap.mark, stamp);
    if (!b) throw new Error(`${m.meta.id}: the mock pair has no depth parameters`);
    return b;
  },
};
