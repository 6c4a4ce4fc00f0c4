import { describe, expect, it } from 'vitest';
import { fundingPlusBorrowPctPerHour, periodicFunding } from '../../src/core/funding.js';
import { walkBook } from '../../src/core/slippage.js';
import type { DepthLevel, OrderBook, Venue } from '../../src/core/types.js';
import { computeSpreads, expectedCarryUsd, type SpreadCandidate } from '../../src/scout/spreads.js';

const NOW = Date.parse('2026-11-24T00:00:00Z');
const H = 3_600_000;
const stamp = { asOf: NOW, slaMs: 180_000, source: 'LIVE' as const };
const fresh = { asOf: NOW, ageMs: 0, slaMs: 180_000, stale: false, source: 'LIVE' as const };

function levels(rows: Array<[number, number]>): DepthLevel[] {
  let cum = 0;
  return rows.map(([price, size]) => {
    cum += price * size;
    return { price, size, sizeUsd: price * size, cumulativeSizeUsd: cum };
  });
}
function book(market: string, venue: Venue, mid: number): OrderBook {
  return {
    market,
    venue,
    kind: 'ORDER_BOOK',
    model: null,
    bids: levels([[mid - 0.1, 1000]]),
    asks: levels([[mid + 0.1, 1000]]),
    midPrice: mid,
    spreadBps: (0.2 / mid) * 1e4,
    sequence: null,
    stamp,
  };
}
function periodic(market: string, venue: Venue, rate: number, intervalHours: number, next: number | null = null): SpreadCandidate {
  return {
    marketId: market,
    venue,
    base: 'BTC',
    quote: 'USD',
    takerFee: 0.0005,
    freshness: fresh,
    book: book(market, venue, 100),
    funding: periodicFunding({ market, venue, stamp, rate, intervalHours, intervalSource: 'VENUE_API', nextFundingTime: next }),
  };
}
const opts = { notionalUsd: 10_000, holdHours: 24, now: NOW, includeStale: false, allowMock: false, limit: 10 };

describe('fundingSpreads computation (hand-computed values)', () => {
  it('8h venue at 0.01 %/interval vs 1h venue at −0.002 %/h: long the 1h venue, short the 8h venue, net APR 0.2847', () => {
    const a = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8);
    const b = periodic('synfutures:BTC-USD-PERP', 'synfutures', -0.00002, 1);
    const [s] = computeSpreads([a, b], opts);
    expect(s!.long.marketId).toBe('synfutures:BTC-USD-PERP');
    expect(s!.short.marketId).toBe('aster:BTC-USD-PERP');
    expect(s!.long.costPerHour).toBeCloseTo(-0.00002, 15);
    expect(s!.short.costPerHour).toBeCloseTo(-0.0000125, 15);
    expect(s!.netCarryPerHour).toBeCloseTo(0.0000325, 15);
    expect(s!.netCarryApr).toBeCloseTo(0.2847, 10);
    // Fees: taker 5 bp, both legs, entry and exit: 4 × 0.0005 × 10 000 = 20 USD.
    expect(s!.feesUsd).toBeCloseTo(20, 10);
    // Slippage: each side fills at mid ± 0.1 → 10 bp each way, 2 legs × 2 ways × 10 bp × 10 000 = 40 USD.
    expect(s!.slippageUsd).toBeCloseTo(40, 6);
    // Continuous-style payments (no nextFundingTime): 0.0000325 × 24 × 10 000 = 7.8 USD.
    expect(s!.expectedFundingUsd).toBeCloseTo(7.8, 8);
    expect(s!.netExpectedPnlUsd).toBeCloseTo(7.8 - 60, 6);
    expect(s!.breakEvenHours).toBeCloseTo(60 / (0.0000325 * 10_000), 6);
  });

  it('walks a known book: 10 000 USD through three ask levels gives VWAP 100.26943 (26.94 bps)', () => {
    const asks = levels([
      [100.1, 20],
      [100.2, 50],
      [100.5, 100],
    ]);
    const r = walkBook(asks, 100, 10_000)!;
    const qty = 20 + 50 + (10_000 - 2002 - 5010) / 100.5;
    expect(r.vwap).toBeCloseTo(10_000 / qty, 9);
    expect(r.bps).toBeCloseTo((10_000 / qty / 100 - 1) * 1e4, 6);
    expect(r.exceedsDepth).toBe(false);
    expect(walkBook(asks, 100, 20_000)!.exceedsDepth).toBe(true);
  });

  it('an Avantis-style leg adds borrow to funding', () => {
    const av: SpreadCandidate = {
      marketId: 'avantis:BTC-USD-PERP',
      venue: 'avantis',
      base: 'BTC',
      quote: 'USD',
      takerFee: 0.0006,
      freshness: fresh,
      book: book('avantis:BTC-USD-PERP', 'avantis', 100),
      funding: fundingPlusBorrowPctPerHour({
        market: 'avantis:BTC-USD-PERP',
        venue: 'avantis',
        stamp,
        longFundingPct: -0.0025,
        shortFundingPct: 0.003,
        longBorrowPct: 0.001,
        shortBorrowPct: 0.001,
      }),
    };
    const aster = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8);
    const [s] = computeSpreads([av, aster], opts);
    // Long Avantis costs −0.000025 + 0.00001 = −0.000015/h; short Aster −0.0000125/h → net 0.0000275/h.
    expect(s!.long.venue).toBe('avantis');
    expect(s!.long.costPerHour).toBeCloseTo(-0.000015, 15);
    expect(s!.netCarryPerHour).toBeCloseTo(0.0000275, 15);
  });

  it('excludes a stale leg unless includeStale', () => {
    const a = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8);
    const b = { ...periodic('synfutures:BTC-USD-PERP', 'synfutures', -0.00002, 1), freshness: { ...fresh, ageMs: 400_000, stale: true } };
    expect(computeSpreads([a, b], opts)).toEqual([]);
    const withStale = computeSpreads([a, b], { ...opts, includeStale: true });
    expect(withStale).toHaveLength(1);
    expect(withStale[0]!.long.freshness.stale).toBe(true);
  });

  it('respects discrete settlement: an 8h venue whose next funding is 7 h away pays nothing in a 6 h hold, once in 8 h', () => {
    const f = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8, NOW + 7 * H).funding;
    expect(expectedCarryUsd(f, 'SHORT', 10_000, 6, NOW)).toBe(0);
    expect(expectedCarryUsd(f, 'SHORT', 10_000, 8, NOW)).toBeCloseTo(1, 12); // 0.0001 × 10 000 received by shorts
    expect(expectedCarryUsd(f, 'LONG', 10_000, 16, NOW)).toBeCloseTo(-2, 12); // two settlements paid by longs
    // A next time already past rolls forward by the interval.
    const past = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8, NOW - H).funding;
    expect(expectedCarryUsd(past, 'SHORT', 10_000, 8, NOW)).toBeCloseTo(1, 12);
  });

  it('never pairs different quotes, and keeps synthetic-index markets out by default', () => {
    const a = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8);
    const eth = { ...periodic('synfutures:BTC-ETH-PERP', 'synfutures', -0.0001, 1), quote: 'ETH' };
    const emg = { ...periodic('synfutures:BTC-USD-PERP-EMG', 'synfutures', -0.0001, 1), syntheticIndex: true };
    expect(computeSpreads([a, eth], opts)).toEqual([]);
    expect(computeSpreads([a, emg], opts)).toEqual([]);
  });

  it('capacity is the largest notional under the slippage threshold', () => {
    const deep: SpreadCandidate = {
      ...periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8),
      book: {
        ...book('aster:BTC-USD-PERP', 'aster', 100),
        asks: levels([
          [100.1, 100],
          [101, 100],
        ]),
        bids: levels([
          [99.9, 100],
          [99, 100],
        ]),
      },
    };
    const b = periodic('synfutures:BTC-USD-PERP', 'synfutures', -0.00002, 1);
    const [s] = computeSpreads([deep, b], { ...opts, capacityBps: 20 });
    // Aster is the short leg (entry sells into its bids): up to 9 990 USD fills at 99.9 (10 bps); beyond, the
    // VWAP falls toward 99 until the slippage reaches 20 bps. The SynFutures leg has 10 bps up to 100 000 USD.
    expect(s!.short.venue).toBe('aster');
    expect(s!.capacityUsd).toBeGreaterThan(9_990);
    expect(s!.capacityUsd).toBeLessThan(19_890);
    const r = walkBook(deep.book!.bids, 100, s!.capacityUsd!)!;
    expect(r.bps).toBeCloseTo(20, 3);
  });
});
