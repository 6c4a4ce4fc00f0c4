/**
 * SynFutures in mock mode: dataset rows (payer rate per funding period, Observer mark and feeder spot, OI by side,
 * the AMM ladder around the fair price) → normalized records with the live connector's conventions.
 */
import { continuousFunding, receiverRate } from '../../core/funding.js';
import type { FundingRate, Stamp } from '../../core/types.js';
import { statsFromSnap } from '../../mocks/replay.js';
import type { MockTick, VenueMock } from '../../mocks/venue-mock.js';

function funding(m: MockTick, stamp: Stamp): FundingRate {
  const s = m.series;
  const rate = m.funding.rate!;
  const longs = m.snap.oiLongUsd;
  const shorts = m.snap.oiShortUsd;
  const longPays = rate >= 0;
  // The receiving side's rate is the payer's spread over the receivers' own OI (docs/venues/synfutures.md §7).
  return continuousFunding({
    market: m.meta.id,
    venue: 'synfutures',
    stamp,
    provenance: 'mock replay of (fair − mark) / mark per fundingHour; receiver rate over its own OI (docs/venues/synfutures.md §7)',
    rate,
    intervalHours: s.intervalHours,
    intervalSource: 'VENUE_API',
    longPerInterval: longPays ? rate : receiverRate(rate, shorts, longs),
    shortPerInterval: longPays ? receiverRate(rate, longs, shorts) : -rate,
    capRate: s.capRate,
    floorRate: s.floorRate,
  });
}

export const synfuturesMock: VenueMock = {
  fundingColumns: ['rate'],
  funding,
  stats(m: MockTick) {
    return statsFromSnap(m.series, m.snap, {
      oneSided: false,
      priceSource: 'mock: Observer mark price (EMA of the feeder spot) / feeder spot as index',
      oiProvenance: 'mock: open interest by side',
    });
  },
  // The book sits around the AMM fair price, and (fair − mark) / mark is the funding rate (docs/venues/synfutures.md §7).
  book: (m: MockTick, stamp: Stamp) => m.storedBook(m.snap.mark * (1 + m.funding.rate!), stamp),
};
