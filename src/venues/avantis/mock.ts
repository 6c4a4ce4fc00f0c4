/**
 * Avantis in mock mode: each dataset row becomes the /v2/trading pair entry the live connector reads (static fields
 * from the series' `params`, per-side funding and margin fee in % per hour and OI from the row, market hours from
 * the session) and a Pyth price; the entry is validated by this venue's wire schema and normalized by its own
 * normalize.ts, so mock and live serve the same fields, flags, fee model and the same five-level synthetic book.
 */
import type { MarketMeta, Stamp } from '../../core/types.js';
import type { MockTick, VenueMock } from '../../mocks/venue-mock.js';
import { funding, marketMeta, marketStats, syntheticBook, type OraclePrice } from './normalize.js';
import { Pair } from './wire.js';

const COLUMNS = ['longFundingPct', 'shortFundingPct', 'longBorrowPct', 'shortBorrowPct'] as const;

const num = (m: MockTick, k: string): number => Number(m.series.params?.[k]);
const str = (m: MockTick, k: string): string => String(m.series.params?.[k] ?? '');

/** The pair entry as /v2/trading sends it at the tick's time (docs/venues/avantis.md §1.2). */
function pairOf(m: MockTick): Pair {
  const f = m.funding;
  const { oiLongUsd: long, oiShortUsd: short, mark } = m.snap;
  const hours = m.meta.marketHours;
  const sec = (t: number | null) => (t === null ? 0 : Math.floor(t / 1000));
  return Pair.parse({
    index: num(m, 'pairIndex'),
    from: str(m, 'from'),
    to: str(m, 'to'),
    isPairListed: true,
    feed: { feedId: '0'.repeat(64), attributes: { isOpen: hours.isOpen, nextOpen: sec(hours.nextOpen), nextClose: sec(hours.nextClose) } },
    leverages: { maxLeverage: num(m, 'maxLeverage'), pnlMaxLeverage: num(m, 'maxLeverage') },
    openInterest: { long, short },
    coinOI: { long: long / mark, short: short / mark },
    marginFee: { long: f.longBorrowPct, short: f.shortBorrowPct },
    fundingRate: { long: f.longFundingPct, short: f.shortFundingPct },
    fundingFeePerHourP: num(m, 'fundingFeePerHourP'),
    minLevPosUSDC: num(m, 'minLevPosUSDC'),
    additionalPairParams2: { openMakerFeeP: num(m, 'openMakerFeeP'), openTakerFeeP: num(m, 'openTakerFeeP') },
    spreadP: num(m, 'spreadP'),
    pairParams: { onePercentDepthAbove: num(m, 'onePercentDepthAbove'), onePercentDepthBelow: num(m, 'onePercentDepthBelow') },
  });
}

/** The Pyth price of the tick (Avantis has no separate mark: mark = index = oracle). */
const oracleOf = (m: MockTick): OraclePrice => ({
  price: m.snap.mark,
  conf: Number((m.snap.mark * 5e-5).toPrecision(4)),
  publishTime: m.t,
});

export const avantisMock: VenueMock = {
  fundingColumns: COLUMNS,
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
