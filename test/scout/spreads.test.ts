import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { borrowOnly, fundingPlusBorrowPctPerHour, periodicFunding } from '../../src/core/funding.js';
import { capacityUsd, walkBook } from '../../src/core/slippage.js';
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
/** One level each side at mid ± half (0.1 → 10 bps each way at mid 100), 100 000 USD deep. */
function book(market: string, venue: Venue, mid: number, half = 0.1): OrderBook {
  return {
    market,
    venue,
    kind: 'ORDER_BOOK',
    model: null,
    pricesIncludeFees: false,
    bids: levels([[mid - half, 1000]]),
    asks: levels([[mid + half, 1000]]),
    midPrice: mid,
    spreadBps: ((2 * half) / mid) * 1e4,
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
const aster8h = () => periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8);
const syn1h = () => periodic('synfutures:BTC-USD-PERP', 'synfutures', -0.00002, 1);

describe('fundingSpreads computation (hand-computed values)', () => {
  it('8h venue at 0.01 %/interval vs 1h venue at −0.002 %/h: long the 1h venue, short the 8h venue, net APR 28.47 %', () => {
    const [s, ...rest] = computeSpreads([aster8h(), syn1h()], opts);
    expect(rest).toEqual([]);
    expect(s!.base).toBe('BTC');
    expect(s!.long.marketId).toBe('synfutures:BTC-USD-PERP');
    expect(s!.short.marketId).toBe('aster:BTC-USD-PERP');
    // Long the 1h venue receives 0.002 %/h; short the 8h venue receives 0.01 % / 8 = 0.00125 %/h.
    expect(s!.long.costPerHour).toBeCloseTo(-0.00002, 15);
    expect(s!.short.costPerHour).toBeCloseTo(-0.0000125, 15);
    expect(s!.netCarryPerHour).toBeCloseTo(0.0000325, 15);
    expect(s!.netCarryApr).toBeCloseTo(0.2847, 12); // 0.0000325 × 8760
    // Fees: taker 5 bp, both legs, entry and exit: 4 × 0.0005 × 10 000 = 20 USD.
    expect(s!.feesUsd).toBeCloseTo(20, 10);
    // Slippage: each side fills at mid ± 0.1 → 10 bps each way, 2 legs × 2 ways × 10 bps × 10 000 = 40 USD.
    expect(s!.long.slippageBps).toBeCloseTo(10, 9);
    expect(s!.slippageUsd).toBeCloseTo(40, 6);
    // No next funding time: accrues continuously, 0.0000325 × 24 × 10 000 = 7.8 USD.
    expect(s!.expectedFundingUsd).toBeCloseTo(7.8, 9);
    expect(s!.netExpectedPnlUsd).toBeCloseTo(7.8 - 60, 6);
    expect(s!.breakEvenHours).toBeCloseTo(60 / 0.325, 6); // 184.6 h
    expect(s!.notionalExceedsDepth).toBe(false);
    expect(s!.spreadMeanApr7d).toBeNull();
  });

  it('10 000 USD walking a known book: VWAP 100.269380 (26.938 bps) on entry, 27.062 bps on exit, 54.0003 USD', () => {
    const asks = levels([
      [100.1, 20], // 2 002 USD
      [100.2, 50], // 5 010 USD
      [100.5, 100], // the remaining 2 988 USD buy 29.7313 BTC
    ]);
    const bids = levels([
      [99.9, 20],
      [99.8, 50],
      [99.5, 100],
    ]);
    const r = walkBook(asks, 100, 10_000)!;
    // qty = 20 + 50 + 2988 / 100.5 = 99.731343 BTC; VWAP = 10 000 / qty.
    expect(r.vwap).toBeCloseTo(100.26938042502, 9);
    expect(r.bps).toBeCloseTo(26.938042502, 6);
    expect(r.exceedsDepth).toBe(false);
    expect(r.visibleUsd).toBeCloseTo(17_062, 9);
    expect(walkBook(bids, 100, 10_000)!.bps).toBeCloseTo(27.062243159, 6);
    expect(walkBook(asks, 100, 20_000)!.exceedsDepth).toBe(true);

    // The same book as a spread leg against a locked book (0 bps): slippage is entry + exit of this leg only.
    const walked: SpreadCandidate = { ...syn1h(), book: { ...book('synfutures:BTC-USD-PERP', 'synfutures', 100), asks, bids } };
    const locked: SpreadCandidate = { ...aster8h(), book: book('aster:BTC-USD-PERP', 'aster', 100, 0) };
    const [s] = computeSpreads([walked, locked], opts);
    expect(s!.long.venue).toBe('synfutures');
    expect(s!.long.slippageBps).toBeCloseTo(26.938042502, 6);
    expect(s!.short.slippageBps).toBe(0);
    expect(s!.slippageUsd).toBeCloseTo(54.000285662, 6);
  });

  it('an Avantis-style leg adds borrow to funding; a Jupiter-style leg is borrow only', () => {
    const av: SpreadCandidate = {
      ...aster8h(),
      marketId: 'avantis:BTC-USD-PERP',
      venue: 'avantis',
      takerFee: 0.0006,
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
    const [s] = computeSpreads([av, aster8h()], opts);
    // Long Avantis costs −0.000025 (funding) + 0.00001 (borrow) = −0.000015/h; short Aster −0.0000125/h.
    expect(s!.long.venue).toBe('avantis');
    expect(s!.long.costPerHour).toBeCloseTo(-0.000015, 15);
    expect(s!.netCarryPerHour).toBeCloseTo(0.0000275, 15);
    // Continuous accrual: 0.0000275 × 24 × 10 000 = 6.6 USD; fees 2 × 10 000 × (0.0006 + 0.0005) = 22 USD.
    expect(s!.expectedFundingUsd).toBeCloseTo(6.6, 9);
    expect(s!.feesUsd).toBeCloseTo(22, 9);

    const jup: SpreadCandidate = {
      ...aster8h(),
      marketId: 'jupiter:BTC-USD-PERP',
      venue: 'jupiter',
      funding: borrowOnly({
        market: 'jupiter:BTC-USD-PERP',
        venue: 'jupiter',
        stamp,
        longBorrowPerHour: 0.000008,
        shortBorrowPerHour: 0.000008,
      }),
    };
    // Jupiter charges both sides: long Jupiter (0.000008) + short Aster (−0.0000125) → 0.0000045/h collected.
    const [j] = computeSpreads([jup, aster8h()], opts);
    expect([j!.long.venue, j!.short.venue]).toEqual(['jupiter', 'aster']);
    expect(j!.netCarryPerHour).toBeCloseTo(0.0000045, 15);
  });

  it('excludes a stale leg unless includeStale, and a MOCK leg unless mock legs are allowed (labelled)', () => {
    const stale = { ...syn1h(), freshness: { ...fresh, ageMs: 400_000, stale: true } };
    expect(computeSpreads([aster8h(), stale], opts)).toEqual([]);
    const withStale = computeSpreads([aster8h(), stale], { ...opts, includeStale: true });
    expect(withStale.map((s) => [s.long.marketId, s.long.freshness.stale, s.short.freshness.stale])).toEqual([
      ['synfutures:BTC-USD-PERP', true, false],
    ]);

    const mock = { ...syn1h(), freshness: { ...fresh, source: 'MOCK' as const } };
    expect(computeSpreads([aster8h(), mock], opts)).toEqual([]);
    const mocked = computeSpreads([aster8h(), mock], { ...opts, allowMock: true });
    expect(mocked.map((s) => s.long.freshness.source)).toEqual(['MOCK']);
    expect(mocked[0]!.netCarryApr).toBeCloseTo(0.2847, 12);
  });

  it('respects discrete settlement: an 8h leg settling in 7 h pays nothing to a 6 h hold; a 1h leg settling at :30 pays 6 times', () => {
    const short8h = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8, NOW + 7 * H);
    const long1h = periodic('synfutures:BTC-USD-PERP', 'synfutures', -0.00002, 1, NOW + 0.5 * H);
    expect(expectedCarryUsd(short8h.funding, 'SHORT', 10_000, 6, NOW)).toBe(0);
    expect(expectedCarryUsd(short8h.funding, 'SHORT', 10_000, 7, NOW)).toBeCloseTo(1, 12); // settles exactly at the end
    expect(expectedCarryUsd(short8h.funding, 'LONG', 10_000, 16, NOW)).toBeCloseTo(-2, 12); // longs pay at +7 h and +15 h
    // A next time already past rolls forward by whole intervals: sent as −25 h → settlements at +7 h, +15 h.
    const late = periodic('aster:BTC-USD-PERP', 'aster', 0.0001, 8, NOW - 25 * H).funding;
    expect(expectedCarryUsd(late, 'SHORT', 10_000, 8, NOW)).toBeCloseTo(1, 12);

    const [six] = computeSpreads([short8h, long1h], { ...opts, holdHours: 6 });
    // Settlements of the 1h leg at +0.5 … +5.5 h: 6 × 0.00002 × 10 000 = 1.2 USD; the 8h leg: none.
    expect(six!.expectedFundingUsd).toBeCloseTo(1.2, 12);
    expect(six!.netExpectedPnlUsd).toBeCloseTo(1.2 - 20 - 40, 6);
    // The continuous view (what the carry fields say) would have been 0.0000325 × 6 × 10 000 = 1.95 USD.
    expect(six!.netCarryPerHour * 6 * 10_000).toBeCloseTo(1.95, 9);
    const [eight] = computeSpreads([short8h, long1h], { ...opts, holdHours: 8 });
    expect(eight!.expectedFundingUsd).toBeCloseTo(1 + 8 * 0.2, 12); // one 8h settlement + eight 1h ones
  });

  it('capacity is the largest notional whose slippage stays under the threshold (11 227.5 USD at 20 bps)', () => {
    const deep: SpreadCandidate = {
      ...aster8h(),
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
    const [s] = computeSpreads([deep, syn1h()], { ...opts, capacityBps: 20 });
    // Aster is the short leg (sells into its bids). VWAP 99.8 (20 bps) when N / (100 + (N − 9 990) / 99) = 99.8,
    // i.e. N = 11 227.5. The SynFutures leg stays at 10 bps through all its 100 100 USD of asks.
    expect(s!.short.venue).toBe('aster');
    expect(s!.capacityUsd).toBeCloseTo(11_227.5, 4);
    expect(capacityUsd(deep.book!.bids, 100, 5)).toBe(0); // even the best level is 10 bps away
    expect(capacityUsd(syn1h().book!.asks, 100, 20)).toBeCloseTo(100_100, 9); // capped at the visible depth
    expect(capacityUsd([], 100, 20)).toBeNull();
  });

  it('flags a notional beyond the visible depth, and a leg without a book (incomplete: null slippage, never 0)', () => {
    const [big] = computeSpreads([aster8h(), syn1h()], { ...opts, notionalUsd: 150_000 });
    expect(big!.notionalExceedsDepth).toBe(true);
    expect(computeSpreads([{ ...aster8h(), book: null }, syn1h()], opts)).toEqual([]); // incomplete: left out by default
    const [nobook] = computeSpreads([{ ...aster8h(), book: null }, syn1h()], { ...opts, includeIncomplete: true });
    expect(nobook!.notionalExceedsDepth).toBe(true);
    expect(nobook!.capacityUsd).toBeNull();
    expect(nobook!.short.slippageBps).toBeNull();
    expect(nobook!.short.slippageUsd).toBeNull();
    expect(nobook!.long.slippageUsd).toBeCloseTo(20, 6); // the leg with a book: 2 × 10 bps × 10 000
    expect(nobook!.slippageUsd).toBeNull();
    expect(nobook!.netExpectedPnlUsd).toBeNull();
    expect(nobook!.breakEvenHours).toBeNull();
    expect(nobook!.incomplete).toEqual(['short.slippage: no depth book for this market']);
  });

  it('7-day stability: hourly net carry APR of the pair, 8-hourly payments filled over their interval', () => {
    // Long leg: sampled every hour for 200 h at −0.00002/h. Short leg: 21 8-hourly payments, alternating
    // −0.0000125/h (j even) and −0.0000375/h (j odd), the oldest 160 h ago, plus a wild one 170 h ago (outside
    // the 7 days). Each payment fills the 7 hours before it, except the oldest (nothing before the first point).
    const long = {
      ...syn1h(),
      history: Array.from({ length: 201 }, (_, i) => ({ time: NOW - i * H, longCostPerHour: -0.00002, shortCostPerHour: 0.00002 })),
    };
    const short = {
      ...aster8h(),
      history: [
        ...Array.from({ length: 21 }, (_, j) => {
          const c = j % 2 ? -0.0000375 : -0.0000125;
          return { time: NOW - j * 8 * H, longCostPerHour: -c, shortCostPerHour: c };
        }),
        { time: NOW - 170 * H, longCostPerHour: -1, shortCostPerHour: 1 },
      ],
    };
    const [s] = computeSpreads([long, short], opts);
    // 161 common hours: 81 at 0.0000325/h net (APR 0.2847), 80 at 0.0000575/h (APR 0.5037).
    expect(s!.spreadMeanApr7d).toBeCloseTo((81 * 0.2847 + 80 * 0.5037) / 161, 12); // 0.393520…
    expect(s!.spreadStdDevApr7d).toBeCloseTo((Math.sqrt(81 * 80) / 161) * (0.5037 - 0.2847), 12); // 0.109497…
    expect(s!.spreadSamples7d).toBe(161);
    expect(s!.spreadCoverage7d).toBeCloseTo(161 / 168, 12);
    // A leg with history only in the last 2 hours: its first point is not stretched back over the hours before.
    const recent = { ...long, history: [NOW - H, NOW].map((time) => ({ time, longCostPerHour: -0.00002, shortCostPerHour: 0.00002 })) };
    const [r] = computeSpreads([recent, short], opts);
    expect(r!.spreadMeanApr7d).toBeCloseTo(0.2847, 12); // hours −1 and 0 both take payment j = 0 (0.2847)
    expect(r!.spreadStdDevApr7d).toBeCloseTo(0, 12);
    // …and says so: 2 hours of the 168-hour window.
    expect(r!.spreadSamples7d).toBe(2);
    expect(r!.spreadCoverage7d).toBeCloseTo(2 / 168, 12);
  });

  it('pairs only the same base and quote across venues, filters by base, sorts by net PnL and applies the limit', () => {
    const eth = { ...periodic('synfutures:BTC-ETH-PERP', 'synfutures', -0.0001, 1), quote: 'ETH' };
    const emg = { ...periodic('synfutures:BTC-USD-PERP-EMG', 'synfutures', -0.0001, 1), syntheticIndex: true };
    const sameVenue = periodic('aster:BTC-USD-PERP-X', 'aster', -0.0001, 1);
    expect(computeSpreads([aster8h(), eth], opts)).toEqual([]);
    expect(computeSpreads([aster8h(), emg], opts)).toEqual([]);
    expect(computeSpreads([aster8h(), sameVenue], opts)).toEqual([]);
    expect(computeSpreads([aster8h(), emg], { ...opts, includeStale: true })).toHaveLength(1);

    const jup = { ...periodic('jupiter:BTC-USD-PERP', 'jupiter', -0.0001, 1) };
    const solA = { ...periodic('aster:SOL-USD-PERP', 'aster', 0.001, 8), base: 'SOL' };
    const solB = { ...periodic('jupiter:SOL-USD-PERP', 'jupiter', -0.001, 1), base: 'SOL' };
    const all = computeSpreads([aster8h(), syn1h(), jup, solA, solB], { ...opts, base: 'btc' });
    expect(all.map((s) => `${s.long.venue}/${s.short.venue}`)).toEqual(['jupiter/aster', 'jupiter/synfutures', 'synfutures/aster']);
    expect(all.map((s) => s.netExpectedPnlUsd)).toEqual([...all.map((s) => s.netExpectedPnlUsd!)].sort((a, b) => b - a));
    expect(computeSpreads([aster8h(), syn1h(), jup], { ...opts, limit: 1 }).map((s) => s.long.venue)).toEqual(['jupiter']);
  });

  it('always picks the direction with the better carry, and its parts add up (property)', () => {
    const rate = fc.double({ min: -0.001, max: 0.001, noNaN: true });
    fc.assert(
      fc.property(rate, rate, fc.constantFrom(1, 4, 8), (a, b, interval) => {
        const x = periodic('aster:BTC-USD-PERP', 'aster', a, 8);
        const y = periodic('synfutures:BTC-USD-PERP', 'synfutures', b, interval);
        const [s] = computeSpreads([x, y], opts);
        const carry = (l: SpreadCandidate, sh: SpreadCandidate) => -(l.funding.longCostPerHour! + sh.funding.shortCostPerHour!);
        expect(s!.netCarryPerHour).toBeCloseTo(Math.max(carry(x, y), carry(y, x)), 15);
        expect(s!.netExpectedPnlUsd).toBeCloseTo(s!.expectedFundingUsd - s!.feesUsd! - s!.slippageUsd!, 9);
        expect(s!.netCarryApr).toBeCloseTo(s!.netCarryPerHour * 8760, 12);
      }),
      { numRuns: 200 },
    );
  });
});
