/**
 * Avantis in mock mode: dataset rows (per-side funding and margin fee in % per hour, oracle price, OI by side, the
 * synthetic linear-impact ladder) → normalized records with the live connector's conventions.
 */
import { fundingPlusBorrowPctPerHour } from '../../core/funding.js';
import type { Stamp } from '../../core/types.js';
import { statsFromSnap } from '../../mocks/replay.js';
import type { MockTick, VenueMock } from '../../mocks/venue-mock.js';

const COLUMNS = ['longFundingPct', 'shortFundingPct', 'longBorrowPct', 'shortBorrowPct'] as const;

export const avantisMock: VenueMock = {
  fundingColumns: COLUMNS,
  funding(m: MockTick, stamp: Stamp) {
    const f = m.funding;
    return fundingPlusBorrowPctPerHour({
      market: m.meta.id,
      venue: 'avantis',
      stamp,
      provenance: 'mock replay of /v2/trading fundingRate.{long,short} + marginFee.{long,short}, % per hour (docs/venues/avantis.md §5)',
      longFundingPct: f.longFundingPct!,
      shortFundingPct: f.shortFundingPct!,
      longBorrowPct: f.longBorrowPct!,
      shortBorrowPct: f.shortBorrowPct!,
    });
  },
  stats(m: MockTick) {
    return statsFromSnap(m.series, m.snap, {
      oneSided: false,
      priceSource: 'mock: Pyth oracle price (no separate mark; index = mark)',
      oiProvenance: 'mock: open interest by side',
    });
  },
  book: (m: MockTick, stamp: Stamp) => m.storedBook(m.snap.mark, stamp),
};
