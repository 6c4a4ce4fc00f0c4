/**
 * Aster in mock mode: dataset rows → the venue's wire shapes (premiumIndex rows, depth levels as [price, qty]
 * strings) → this venue's own normalize.ts, so mock and live serve the same fields, flags and book model.
 */
import type { Stamp } from '../../core/types.js';
import { statsFromSnap } from '../../mocks/replay.js';
import type { LiveRecord, MockTick, VenueMock } from '../../mocks/venue-mock.js';
import { levels, normalizeFunding, orderBook, type IntervalInfo } from './normalize.js';

/** Periodic funding settles on interval boundaries (UTC): the next boundary after t (docs/venues/aster.md §2.2). */
function nextSettlement(t: number, intervalHours: number): number {
  const h = intervalHours * 3_600_000;
  return Math.floor(t / h) * h + h;
}

/** A stored level as the depth endpoint sends it: decimal strings. */
const wireLevel = (l: { price: number; size: number }): [string, string] => [String(l.price), String(l.size)];

/** A served field the recorder needs, or an error naming it (that market's row is then carried forward). */
function served(v: number | null, what: string): number {
  if (v === null) throw new Error(`${what} not served`);
  return v;
}

export const asterMock: VenueMock = {
  fundingColumns: ['rate'],
  // The recorder's inverse: the premiumIndex rate per interval is the served `rate`.
  recordFunding: (r: LiveRecord) => ({ rate: served(r.funding.rate, `${r.meta.id} funding.rate`) }),
  // The live connector pushes the synced book's top 5 per side; a request reads deeper (index.ts emitBook / getBooks).
  pushedLevels: 5,
  funding(m: MockTick, stamp: Stamp) {
    const s = m.series;
    const interval: IntervalInfo = { hours: s.intervalHours, source: 'VENUE_API', cap: s.capRate, floor: s.floorRate };
    const row = { lastFundingRate: String(m.funding.rate), nextFundingTime: nextSettlement(m.t, s.intervalHours) };
    return normalizeFunding(m.meta.id, row, interval, stamp);
  },
  stats(m: MockTick) {
    const st = statsFromSnap(m.series, m.snap, {
      oneSided: true,
      priceSource: 'premiumIndex / markPrice stream',
      oiProvenance: 'undocumented /fapi/{v}/openInterest (one-sided, base units × mark; best effort, docs/venues/aster.md §2.6)',
    });
    // Live reads OI on its own rotation and labels each value with its read time (oi.ts); the mock's is the tick's.
    return { ...st, openInterest: { ...st.openInterest, asOf: st.openInterest.base === null ? null : m.t } };
  },
  book(m: MockTick, stamp: Stamp) {
    const stored = m.storedBook(m.snap.mark, stamp);
    const n = stored.bids.length;
    const bids = levels(stored.bids.map(wireLevel), n, `${m.meta.venueSymbol}.bids`);
    const asks = levels(stored.asks.map(wireLevel), n, `${m.meta.venueSymbol}.asks`);
    return orderBook(m.meta.id, bids, asks, String(m.bucket), stamp);
  },
};
