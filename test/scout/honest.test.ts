/**
 * The scout never invents a number: a missing fee, book or rate is null and named, never 0; complete rows rank
 * first; fees count once whether or not the book's prices include them (Jupiter's fee ladder does).
 */
import { describe, expect, it } from 'vitest';
import { borrowOnly, periodicFunding } from '../../src/core/funding.js';
import type { DepthLevel, OrderBook, Venue } from '../../src/core/types.js';
import { computeSpreads, expectedCarryUsd, type SpreadCandidate } from '../../src/scout/spreads.js';
import { impactBps, syntheticBook } from '../../src/venues/jupiter/depth.js';

const NOW = Date.parse('2026-11-24T00:00:00Z');
const stamp = { asOf: NOW, slaMs: 180_000, source: 'LIVE' as const };
const fresh = { asOf: NOW, ageMs: 0, slaMs: 180_000, stale: false, source: 'LIVE' as const };
const opts = { notionalUsd: 10_000, holdHours: 24, now: NOW };

const lv = (price: number, size: number): DepthLevel[] => [{ price, size, sizeUsd: price * size, cumulativeSizeUsd: price * size }];
function book(market: string, venue: Venue, mid: number, half = 0.1): OrderBook {
  return {
    market,
    venue,
    kind: 'ORDER_BOOK',
    model: null,
    pricesIncludeFees: false,
    bids: lv(mid - half, 1000),
    asks: lv(mid + half, 1000),
    midPrice: mid,
    spreadBps: ((2 * half) / mid) * 1e4,
    sequence: null,
    stamp,
  };
}
function periodic(market: string, venue: Venue, rate: number): SpreadCandidate {
  return {
    marketId: market,
    venue,
    base: 'BTC',
    quote: 'USD',
    takerFee: 0.0005,
    freshness: fresh,
    book: book(market, venue, 100),
    funding: periodicFunding({ market, venue, stamp, rate, intervalHours: 8, intervalSource: 'VENUE_API', nextFundingTime: null }),
  };
}
const aster = () => periodic('aster:BTC-USD-PERP', 'aster', 0.0001);
const syn = () => periodic('synfutures:BTC-USD-PERP', 'synfutures', -0.0002);

describe('the scout never turns a missing fee, book or rate into 0', () => {
  it('missing taker fee: feeRate, feesUsd, net PnL and break-even are null, the row says why and is left out by default', () => {
    const nofee = { ...aster(), takerFee: null };
    expect(computeSpreads([nofee, syn()], opts)).toEqual([]);
    const [s] = computeSpreads([nofee, syn()], { ...opts, includeIncomplete: true });
    expect(s!.short.marketId).toBe('aster:BTC-USD-PERP');
    expect(s!.short.feeRate).toBeNull();
    expect(s!.long.feeRate).toBe(0.0005);
    expect(s!.feesUsd).toBeNull();
    expect(s!.netExpectedPnlUsd).toBeNull();
    expect(s!.breakEvenHours).toBeNull();
    // What is known stays known: both books are there, 4 × 10 bps × 10 000 = 40 USD.
    expect(s!.slippageUsd).toBeCloseTo(40, 6);
    expect(s!.incomplete).toEqual(['short.feeRate: the venue publishes no taker fee for this market']);
    expect(s!.short.incomplete).toEqual(['feeRate: the venue publishes no taker fee for this market']);
  });

  it('a book without a mid, or with an empty side, gives null slippage (not 0 bps)', () => {
    const nomid = { ...aster(), book: { ...book('aster:BTC-USD-PERP', 'aster', 100), midPrice: null } };
    const [a] = computeSpreads([nomid, syn()], { ...opts, includeIncomplete: true });
    expect(a!.short.slippageBps).toBeNull();
    expect(a!.incomplete).toEqual(['short.slippage: the depth book has no mid price']);
    const oneSided = { ...aster(), book: { ...book('aster:BTC-USD-PERP', 'aster', 100), asks: [] } };
    const [b] = computeSpreads([oneSided, syn()], { ...opts, includeIncomplete: true });
    // Aster is the short leg: it enters on the (present) bids but exits on the (empty) asks.
    expect(b!.short.slippageBps).toBeNull();
    expect(b!.short.slippageUsd).toBeNull();
    expect(b!.netExpectedPnlUsd).toBeNull();
    expect(b!.incomplete).toEqual(['short.slippage: the depth book has an empty side']);
  });

  it('a missing carry rate is null (expectedCarryUsd) and drops the pair rather than counting 0', () => {
    const f = { ...aster().funding, longCostPerHour: null, shortCostPerHour: null, rate: null };
    expect(expectedCarryUsd(f, 'LONG', 10_000, 24, NOW)).toBeNull();
    expect(expectedCarryUsd(f, 'SHORT', 10_000, 24, NOW)).toBeNull();
    expect(computeSpreads([{ ...aster(), funding: f }, syn()], { ...opts, includeIncomplete: true })).toEqual([]);
  });

  it('complete rows rank first, even below an incomplete row with a better carry', () => {
    const jup = { ...periodic('jupiter:BTC-USD-PERP', 'jupiter', -0.01), book: null }; // huge carry, no book
    const out = computeSpreads([aster(), syn(), jup], { ...opts, includeIncomplete: true });
    expect(out.map((s) => s.incomplete.length === 0)).toEqual([true, false, false]);
    expect(out[0]!.long.venue).toBe('synfutures');
    expect(out[1]!.netCarryPerHour).toBeGreaterThan(out[2]!.netCarryPerHour); // incomplete ones by carry
    expect(out[1]!.netCarryPerHour).toBeGreaterThan(out[0]!.netCarryPerHour);
    expect(computeSpreads([aster(), syn(), jup], opts)).toHaveLength(1);
  });

  it('an Avantis profit-share (ZERO_FEE_PNL_SHARE) leg is PNL_SHARE with a null fee: excluded by default, the reason shown', () => {
    const upside: SpreadCandidate = { ...periodic('avantis:BTC-USD-PERP-UPSIDE', 'avantis', -0.001), takerFee: 0, pnlShare: true };
    expect(computeSpreads([upside, aster()], opts)).toEqual([]);
    const [s] = computeSpreads([upside, aster()], { ...opts, includeIncomplete: true });
    expect(s!.long.venue).toBe('avantis');
    expect(s!.long.feeModel).toBe('PNL_SHARE');
    expect(s!.long.feeRate).toBeNull(); // not the 0 the catalog's open fee says
    expect(s!.feesUsd).toBeNull();
    expect(s!.netExpectedPnlUsd).toBeNull();
    expect(s!.incomplete[0]).toMatch(/^long\.feeRate: profit-share market \(ZERO_FEE_PNL_SHARE\)/);
    expect(s!.short.feeModel).toBe('TAKER');
  });
});

describe('fees counted once', () => {
  // Jupiter-like ladder: 6 bps open fee, impact 1 bps per 100 000 USD (ceil), mark 100 000.
  const fees = { baseBps: 6n, tradeImpactFeeScalar: 10n ** 15n, maxFeeBps: 150n };
  const notionals = [10_000, 50_000, 100_000, 250_000, 1_000_000];
  const jbook = syntheticBook(
    'jupiter:BTC-USD-PERP',
    100_000,
    { fees, availableUsd: 5e6 },
    { fees, availableUsd: 5e6 },
    notionals,
    stamp,
    null,
  );
  const jup: SpreadCandidate = {
    ...periodic('jupiter:BTC-USD-PERP', 'jupiter', 0),
    takerFee: 0.0006,
    book: jbook,
    funding: borrowOnly({
      market: 'jupiter:BTC-USD-PERP',
      venue: 'jupiter',
      stamp,
      longBorrowPerHour: 0.000001,
      shortBorrowPerHour: 0.000001,
    }),
  };

  it('for 10 000 USD BTC, a Jupiter leg costs its fee once on entry: feeRate + slippage = 6 bps + impact, not 12', () => {
    expect(jbook.pricesIncludeFees).toBe(true);
    const impact = Number(impactBps(10_000, fees)); // ceil(1e10 · 1e4 / scalar) = 1 bps
    expect(impact).toBe(1);
    for (const other of [
      aster(),
      {
        ...syn(),
        funding: periodicFunding({
          ...syn().funding,
          stamp,
          rate: 0.0003,
          intervalHours: 8,
          intervalSource: 'VENUE_API',
          nextFundingTime: null,
        }),
      },
    ]) {
      const [s] = computeSpreads([jup, other], opts);
      const l = s!.long.venue === 'jupiter' ? s!.long : s!.short;
      expect(l.feeModel).toBe('IN_BOOK');
      expect(l.feeRate).toBe(0.0006);
      const entry = l.feeRate! + l.slippageBps! / 1e4;
      expect(entry).toBeCloseTo((6 + impact) / 1e4, 9); // 7 bps all-in, what the venue charges a 10k fill
      expect(entry).toBeLessThan(2 * 0.0006); // the double count would have been 6 + 7 = 13 bps
      // Fees: entry and exit on both legs, each once: 2 × 10 000 × (0.0006 + 0.0005) = 22 USD.
      expect(s!.feesUsd).toBeCloseTo(22, 9);
      expect(l.slippageUsd).toBeCloseTo(2 * 10_000 * (impact / 1e4), 6); // impact both ways, no fee inside
    }
  });

  it('a book whose prices include an unknown fee cannot be split: slippage is null, not the all-in walk', () => {
    const [s] = computeSpreads([{ ...jup, takerFee: null }, aster()], { ...opts, includeIncomplete: true });
    const l = s!.long.venue === 'jupiter' ? s!.long : s!.short;
    expect(l.feeRate).toBeNull();
    expect(l.slippageBps).toBeNull();
    expect(s!.incomplete.some((m) => m.endsWith('slippage: the book includes an unknown fee'))).toBe(true);
  });
});
