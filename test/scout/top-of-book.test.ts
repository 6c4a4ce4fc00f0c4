import { describe, expect, it } from 'vitest';
import { periodicFunding } from '../../src/core/funding.js';
import { TOP_OF_BOOK, type DepthLevel, type OrderBook, type Venue } from '../../src/core/types.js';
import { computeSpreads, type SpreadCandidate } from '../../src/scout/spreads.js';

const NOW = Date.parse('2026-11-24T00:00:00Z');
const stamp = { asOf: NOW, slaMs: 180_000, source: 'LIVE' as const };
const fresh = { asOf: NOW, ageMs: 0, slaMs: 180_000, stale: false, source: 'LIVE' as const };
const lv = (price: number, size: number): DepthLevel => ({ price, size, sizeUsd: price * size, cumulativeSizeUsd: price * size });

function candidate(market: string, venue: Venue, rate: number, flags?: string[]): SpreadCandidate {
  const book: OrderBook = {
    market,
    venue,
    kind: 'ORDER_BOOK',
    model: null,
    pricesIncludeFees: false,
    bids: [lv(99.9, 1000)],
    asks: [lv(100.1, 1000)],
    midPrice: 100,
    spreadBps: 20,
    sequence: null,
    stamp,
    ...(flags ? { flags } : {}),
  };
  return {
    marketId: market,
    venue,
    base: 'BTC',
    quote: 'USD',
    takerFee: 0.0005,
    freshness: fresh,
    book,
    funding: periodicFunding({ market, venue, stamp, rate, intervalHours: 8, intervalSource: 'VENUE_API', nextFundingTime: null }),
  };
}

describe('scout slippage on a top-of-book (one-level) book', () => {
  it('is computed from the best level and labelled a lower bound on that leg only', () => {
    const [s] = computeSpreads(
      [candidate('aster:BTC-USD-PERP', 'aster', 0.0001, [TOP_OF_BOOK]), candidate('synfutures:BTC-USD-PERP', 'synfutures', -0.0001)],
      { notionalUsd: 10_000, holdHours: 24, now: NOW },
    );
    expect(s!.short.marketId).toBe('aster:BTC-USD-PERP');
    // 10 000 USD fits in the 100 100 USD best level: 10 bps from mid, same figure as a deep book would give there.
    expect(s!.short.slippageBps).toBeCloseTo(10, 9);
    expect(s!.short.slippageLowerBound).toBe(true);
    expect(s!.long.slippageLowerBound).toBe(false);
    expect(s!.incomplete).toEqual([]);
  });

  it('a leg whose notional walks past the visible depth is a lower bound too; no book is unknown, not a bound', () => {
    const deep = candidate('aster:BTC-USD-PERP', 'aster', 0.0001);
    const none = { ...candidate('synfutures:BTC-USD-PERP', 'synfutures', -0.0001), book: null };
    const [s] = computeSpreads([deep, none], { notionalUsd: 500_000, holdHours: 24, now: NOW, includeIncomplete: true });
    expect(s!.short.slippageLowerBound).toBe(true);
    expect(s!.long.slippageBps).toBeNull();
    expect(s!.long.slippageLowerBound).toBe(false);
  });
});
