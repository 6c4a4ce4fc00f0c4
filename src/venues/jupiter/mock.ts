/**
 * Jupiter in mock mode: dataset rows (each custody's hourly borrow rate, oracle price, OI by side, the fee ladder)
 * → normalized records with the live connector's conventions.
 */
import { borrowOnly } from '../../core/funding.js';
import type { Stamp } from '../../core/types.js';
import { statsFromSnap } from '../../mocks/replay.js';
import type { MockTick, VenueMock } from '../../mocks/venue-mock.js';

export const jupiterMock: VenueMock = {
  fundingColumns: ['longBorrowPerHour', 'shortBorrowPerHour'],
  funding(m: MockTick, stamp: Stamp) {
    return borrowOnly({
      market: m.meta.id,
      venue: 'jupiter',
      stamp,
      provenance: 'mock replay of the custody jump-rate borrow curve; shorts pay the USDC custody (docs/venues/jupiter.md §6)',
      longBorrowPerHour: m.funding.longBorrowPerHour!,
      shortBorrowPerHour: m.funding.shortBorrowPerHour!,
    });
  },
  stats(m: MockTick) {
    return statsFromSnap(m.series, m.snap, {
      oneSided: false,
      priceSource: 'mock: Doves AG oracle price (index = mark)',
      oiProvenance: 'mock: open interest by side',
    });
  },
  book: (m: MockTick, stamp: Stamp) => m.storedBook(m.snap.mark, stamp),
};
