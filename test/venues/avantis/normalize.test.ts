/** Avantis normalizers by value (docs/venues/avantis.md §1.2, §2.5, §5, §6; issue #7 "Done when"). */
import { describe, expect, it } from 'vitest';
import { walkBook } from '../../../src/core/slippage.js';
import type { Stamp } from '../../../src/core/types.js';
import { CatalogState, deepMerge } from '../../../src/venues/avantis/catalog.js';
import { parseUpdate } from '../../../src/oracles/pyth.js';
import {
  feedKey,
  funding,
  marketHours,
  marketMeta,
  marketStats,
  pairId,
  scaled,
  splitVariant,
  syntheticBook,
} from '../../../src/venues/avantis/normalize.js';
import { Pair } from '../../../src/venues/avantis/wire.js';
import { avantisFixture, EUR_NEXT_OPEN, FEEDS } from '../../fakes/avantis/fixtures.js';

const stamp: Stamp = { asOf: 1, slaMs: 1000, source: 'LIVE' };
const pairs = avantisFixture().pairInfos as Record<string, unknown>;
const P = (k: string) => Pair.parse(pairs[k]);

describe('Avantis funding (FUNDING_PLUS_BORROW, % per hour → fractions)', () => {
  it('fundingRate.long = −0.0025 %/h → longRatePerHour −0.000025, APR −0.219; marginFee 0.00114155… %/h → 0.10 APR borrow; cost = sum', () => {
    const f = funding(P('0'), 'avantis:ETH-USD-PERP', 'v2', stamp);
    expect(f.model).toBe('FUNDING_PLUS_BORROW');
    expect(f.longRatePerHour).toBeCloseTo(-0.000025, 15);
    expect(f.shortRatePerHour).toBeCloseTo(0.00002, 15);
    expect(f.annualizedRate).toBeCloseTo(-0.219, 12);
    expect(f.ratePerHour).toBe(f.longRatePerHour); // documented choice: ratePerHour = the long side's funding
    expect(f.longBorrowRatePerHour).toBeCloseTo(0.0000114155251141552, 18);
    expect(f.longBorrowRatePerHour! * 8760).toBeCloseTo(0.1, 12);
    expect(f.longCostPerHour).toBeCloseTo(-0.000025 + 0.0000114155251141552, 15);
    expect(f.shortCostPerHour).toBeCloseTo(0.00002 + 0.0000114155251141552, 15);
    expect(f.longCostAnnualized).toBeCloseTo((-0.000025 + 0.0000114155251141552) * 8760, 12);
    expect([f.intervalHours, f.intervalSource, f.nextFundingTime]).toEqual([1, 'DEFAULT_ASSUMED', null]);
    expect(f.provenance).toMatch(/continuously/);
  });

  it('the fixture nets funding to zero by coin OI (the catalog invariant of §5)', () => {
    for (const k of ['0', '1']) {
      const p = P(k);
      expect(p.fundingRate!.long * p.coinOI!.long + p.fundingRate!.short * p.coinOI!.short).toBeCloseTo(0, 15);
    }
  });

  it('one-sided pair: the only side pays fundingFeePerHourP, the empty side 0', () => {
    const f = funding(P('3'), 'avantis:SOL-USD-PERP', 'v2', stamp);
    expect(f.shortRatePerHour).toBeCloseTo(0.000022842, 15);
    expect(f.longRatePerHour).toBe(0);
  });

  it('from the legacy catalog: funding null (listed missing), borrow kept, total cost unknown', () => {
    const f = funding(P('0'), 'avantis:ETH-USD-PERP', 'legacy', stamp);
    expect([f.rate, f.ratePerHour, f.longRatePerHour, f.shortRatePerHour, f.longCostPerHour, f.shortCostPerHour]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(f.longBorrowRatePerHour).toBeCloseTo(0.0000114155251141552, 18);
    expect(f.provenance).toMatch(/legacy/);
  });
});

describe('Avantis synthetic depth (linear impact from the 1 % depth)', () => {
  // spreadP 0.01 %, depth above 30 M, below 32.5 M; without `liquidity` (no remaining-capacity cap) for the model itself
  const { liquidity: _cap, ...uncapped } = pairs['0'] as Record<string, unknown>;
  const eth = Pair.parse(uncapped);
  const book = syntheticBook(eth, 'avantis:ETH-USD-PERP', 3500, stamp)!;

  it('onePercentDepthBelow drives the bids: cumulative USD reaches it, and selling all of it fills 1 % (+ spread) below the oracle', () => {
    expect(book.kind).toBe('SYNTHETIC');
    expect(book.model).toMatch(/onePercentDepth/);
    expect(book.bids).toHaveLength(5);
    expect(book.bids.at(-1)!.cumulativeSizeUsd).toBeCloseTo(32_500_000, 6);
    const sell = walkBook(book.bids, 3500, 32_500_000)!;
    expect(sell.exceedsDepth).toBe(false);
    expect(sell.vwap).toBeCloseTo(3500 * (1 - 0.0001 - 0.01), 6);
    expect(book.asks.at(-1)!.cumulativeSizeUsd).toBeCloseTo(30_000_000, 6);
    expect(walkBook(book.asks, 3500, 30_000_000)!.vwap).toBeCloseTo(3500 * (1 + 0.0001 + 0.01), 6);
  });

  it('slippage at every level boundary equals the venue fill price of that notional: spread + N / depth × 1 %', () => {
    for (const l of book.asks) {
      const n = l.cumulativeSizeUsd;
      const r = walkBook(book.asks, 3500, n)!;
      expect(r.bps).toBeCloseTo((0.0001 + (n / 30_000_000) * 0.01) * 1e4, 6);
    }
    // first level: 0.1 % of the depth, 1 bp spread + 0.001 % impact, both sides
    expect(book.bids[0]!.price).toBeCloseTo(3500 * (1 - 0.0001 - 0.00001), 9); // a level of one price: fill(C₁)
    expect(book.spreadBps).toBeCloseTo(2 * (1 + 0.1), 9);
  });

  it('each side stops at the remaining side capacity (liquidity.buy → asks, liquidity.sell → bids)', () => {
    const capped = syntheticBook(
      Pair.parse({ ...(pairs['0'] as object), liquidity: { buy: 2_000_000, sell: 0 } }),
      'avantis:ETH-USD-PERP',
      3500,
      stamp,
    )!;
    expect(capped.bids).toEqual([]); // nothing can be sold
    expect(capped.asks.at(-1)!.cumulativeSizeUsd).toBe(2_000_000);
    expect(capped.asks).toHaveLength(3); // 30 k, 300 k, then the cap
    // The walk to the cap still costs exactly the venue's fill for that notional.
    expect(walkBook(capped.asks, 3500, 2_000_000)!.bps).toBeCloseTo((0.0001 + (2_000_000 / 30_000_000) * 0.01) * 1e4, 6);
    expect(walkBook(capped.asks, 3500, 5_000_000)!.exceedsDepth).toBe(true);
  });

  it('no pairParams or no oracle price → no book (never a made-up one)', () => {
    const { pairParams: _drop, ...rest } = pairs['0'] as Record<string, unknown>;
    expect(syntheticBook(Pair.parse(rest), 'avantis:ETH-USD-PERP', 3500, stamp)).toBeNull();
    expect(syntheticBook(eth, 'avantis:ETH-USD-PERP', 0, stamp)).toBeNull();
  });
});

describe('Avantis metadata', () => {
  it('ids: variants are separate markets, retired and delisted slots are skipped', () => {
    expect(pairId(P('0'))).toBe('avantis:ETH-USD-PERP');
    expect(pairId(P('4'))).toBe('avantis:ETH-USD-PERP-UPSIDE');
    expect(splitVariant('BTC_DEGEN')).toEqual({ base: 'BTC', variant: 'DEGEN' });
    expect(pairId(Pair.parse(pairs['5']))).toBeNull();
    expect(pairId(P('6'))).toBeNull();
    expect(feedKey(P('4'))).toBe(FEEDS.ETH);
  });

  it('fees, leverage, minimum notional, liquidation threshold and the missing tick size', () => {
    const m = marketMeta(P('0'), 'avantis:ETH-USD-PERP', 'v2', { name: 'CRYPTO1' });
    expect(m.fees.maker).toBeCloseTo(0.0001, 15);
    expect(m.fees.taker).toBeCloseTo(0.0005, 15);
    expect(m.fees.source).toBe('VENUE_API');
    expect(m.fees.note).toMatch(/reduces coin-OI skew/);
    expect(m.maxLeverage).toBe(75);
    expect(m.minNotional).toBe(100);
    // One definition across venues: margin ratio at liquidation at max leverage = (1 − 0.85) / 75; the 85 % rule in its own field.
    expect(m.risk.liquidationThreshold).toBeCloseTo(0.15 / 75, 15);
    expect(m.risk.liquidationCollateralLossFraction).toBe(0.85);
    expect(m.risk.maintenanceMarginRate).toBeCloseTo(0.15 / 75, 15);
    expect(m.risk.insuranceFund).toMatchObject({ balanceUsd: null, status: 'NOT_PUBLISHED' });
    expect(m.tickSize).toBeNull();
    expect(m.missing).toEqual(expect.arrayContaining(['tickSize', 'stepSize', 'risk.insuranceFund.balanceUsd']));
    expect(m.marginAssets).toEqual(['USDC']);
    expect(m.flags).toContain('PAIR_GROUP_CRYPTO1');
  });

  it('without v2 maker/taker fields the fixed open fee is used for both', () => {
    const { additionalPairParams2: _d, ...rest } = pairs['1'] as Record<string, unknown>;
    const m = marketMeta(Pair.parse(rest), 'avantis:BTC-USD-PERP', 'legacy', null);
    expect([m.fees.maker, m.fees.taker]).toEqual([0.00045, 0.00045]);
    expect(m.flags).toContain('LEGACY_CATALOG');
  });

  it('Upside variant: zero fees, Upside leverage range', () => {
    const m = marketMeta(P('4'), 'avantis:ETH-USD-PERP-UPSIDE', 'v2', null);
    expect([m.fees.maker, m.fees.taker]).toEqual([0, 0]);
    expect(m.maxLeverage).toBe(500);
    expect(m.flags).toContain('ZERO_FEE_PNL_SHARE');
  });

  it('market hours: a closed FX pair is marked closed with its reopening time; a time of 0 means none', () => {
    expect(marketHours(P('2'))).toEqual({ isOpen: false, nextOpen: EUR_NEXT_OPEN * 1000, nextClose: null });
    expect(marketHours(P('0'))).toEqual({ isOpen: true, nextOpen: null, nextClose: null });
    expect(marketMeta(P('2'), 'avantis:EUR-USD-PERP', 'v2', null).flags).toContain('MARKET_CLOSED');
    const legacy = Pair.parse({
      from: 'XAU',
      to: 'USD',
      feed: { feedId: 'ab', attributes: { is_open: false, next_open: 5, next_close: 0 } },
    });
    expect(marketHours(legacy)).toEqual({ isOpen: false, nextOpen: 5000, nextClose: null });
  });

  it('stats: oracle mark = index with its confidence, OI per side in USD and base', () => {
    const s = marketStats(P('0'), { price: 3500, conf: 1.5, publishTime: 1_700_000_000_000 }, 12_500_000);
    expect(s.markPrice).toBe(3500);
    expect(s.indexPrice).toBe(3500);
    expect(s.priceSource).toMatch(/no separate mark/);
    expect(s.openInterest).toMatchObject({ usd: 787_500, long: 350_000, short: 437_500, base: 225, longBase: 100, shortBase: 125 });
    expect(s.openInterest.provenance).toMatch(/pairMaxOI 25000000/);
    expect(marketStats(P('0'), null, null).markPrice).toBeNull();
  });
});

describe('Pyth price scaling and Hermes parsing', () => {
  it('price × 10^expo from the integer string, exactly', () => {
    expect(scaled('2920679499999', -8)).toBe(29206.79499999);
    expect(scaled('108500', -5)).toBe(1.085);
    expect(scaled('-5', -2)).toBe(-0.05);
    expect(scaled('7', 3)).toBe(7000);
  });
  it('parses a latest/SSE update, ids without 0x; a bad shape is a typed SCHEMA error', () => {
    const m = parseUpdate({
      parsed: [{ id: FEEDS.BTC, price: { price: '2920679499999', conf: '509500001', expo: -8, publish_time: 1717632000 } }],
    });
    expect(m.get(FEEDS.BTC)).toEqual({ price: 29206.79499999, conf: 5.09500001, publishTime: 1_717_632_000_000 });
    expect(() => parseUpdate({ parsed: [{ id: 'x', price: { price: 1.5, conf: '1', expo: -8, publish_time: 1 } }] })).toThrow(
      expect.objectContaining({ code: 'SCHEMA' }),
    );
  });
});

describe('catalog merge (snapshot + RES:DATA diffs)', () => {
  it('objects merge; scalars and arrays replace', () => {
    const t = { a: { x: 1, y: [1, 2] }, b: 2 };
    deepMerge(t, { a: { y: [3] }, b: 5, c: { z: 1 } });
    expect(t).toEqual({ a: { x: 1, y: [3] }, b: 5, c: { z: 1 } });
  });

  it('a diff updates only what it carries; a bad diff is typed and loses nothing', () => {
    const s = new CatalogState();
    s.load({ data: avantisFixture(), success: true }, 'v2', 1); // with a `data` wrapper
    expect(s.pairs.size).toBe(6); // the retired slot (empty from/to) is skipped
    const r = s.apply({ pairInfos: { '1': { fundingRate: { long: 0.012 } } }, totalOi: 5 }, 2);
    expect(r.changed).toEqual(['1']);
    expect(s.pairs.get('1')!.fundingRate).toEqual({ long: 0.012, short: -0.001 });
    expect(s.pairs.get('1')!.marginFee).toEqual({ long: 0.0015, short: 0.0012 });
    const bad = s.apply({ pairInfos: { '1': { fundingRate: { long: 'x' } } } }, 3);
    expect(bad.rejected[0]!.error.code).toBe('SCHEMA');
    expect(s.pairs.get('1')!.fundingRate!.long).toBe(0.012);
    expect(() => s.apply([1, 2], 4)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    expect(() => s.load({ symbols: 'nope' }, 'v2', 5)).toThrow(expect.objectContaining({ code: 'SCHEMA' }));
    expect(s.pairs.size).toBe(6); // a rejected snapshot leaves the state as it was
  });
});
