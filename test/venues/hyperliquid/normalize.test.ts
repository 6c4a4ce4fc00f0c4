import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assetRows,
  breaksCap,
  leverageTiers,
  midOnlyBook,
  normalizeBook,
  normalizeFunding,
  normalizeHistory,
  normalizeMarkets,
  normalizePredicted,
  normalizeStats,
  nextHour,
} from '../../../src/venues/hyperliquid/normalize.js';
import { AllMids, FundingHistory, L2Book, MetaAndAssetCtxs, PredictedFundings } from '../../../src/venues/hyperliquid/wire.js';

const fx = (n: string) => JSON.parse(readFileSync(`test/fixtures/hyperliquid/${n}.json`, 'utf8')) as unknown;
const T0 = 1_764_864_000_000; // 2025-12-04T16:00:00Z, a whole hour
const stamp = (asOf = T0 + 1_234) => ({ asOf, slaMs: 180_000, source: 'LIVE' as const });
const meta = () => MetaAndAssetCtxs.parse(fx('metaAndAssetCtxs'));

describe('Hyperliquid funding (values)', () => {
  it('an hourly rate 0.0000125 → ratePerHour 0.0000125, APR 0.1095, longs pay; interval 1 h from the venue', () => {
    const f = normalizeFunding('hyperliquid:BTC-USD-PERP', 'BTC', '0.0000125', stamp());
    expect(f.model).toBe('PERIODIC_FUNDING');
    expect(f.rate).toBe(0.0000125);
    expect(f.ratePerHour).toBe(0.0000125);
    expect(f.annualizedRate).toBeCloseTo(0.1095, 12);
    expect(f.intervalHours).toBe(1);
    expect(f.intervalSource).toBe('VENUE_API');
    expect(f.longRatePerHour).toBe(0.0000125);
    expect(f.shortRatePerHour).toBe(-0.0000125);
    expect(f.longCostAnnualized).toBeCloseTo(0.1095, 12);
    expect([f.capRate, f.floorRate]).toEqual([0.04, -0.04]);
    expect(f.nextFundingTime).toBe(T0 + 3_600_000);
  });

  it('a negative rate → shorts pay, longs receive', () => {
    const f = normalizeFunding('hyperliquid:ETH-USD-PERP', 'ETH', '-0.0000042135', stamp());
    expect(f.ratePerHour).toBe(-0.0000042135);
    expect(f.shortRatePerHour).toBeCloseTo(0.0000042135, 18);
    expect(f.shortCostPerHour).toBeGreaterThan(0);
    expect(f.longCostPerHour).toBeLessThan(0);
    expect(f.annualizedRate).toBeCloseTo(-0.0000042135 * 8760, 15);
  });

  it('the predicted rate passes through; rates beyond ±4 %/h break the cap; bad numbers are typed errors', () => {
    expect(normalizeFunding('x', 'BTC', '0.00001', stamp(), 0.0000125).predictedRate).toBe(0.0000125);
    expect(breaksCap(0.0401)).toBe(true);
    expect(breaksCap(-0.04)).toBe(false);
    expect(() => normalizeFunding('x', 'BTC', 'NaN', stamp())).toThrow(/BTC\.funding/);
    expect(nextHour(T0)).toBe(T0 + 3_600_000);
    expect(nextHour(T0 - 1)).toBe(T0);
  });

  it('fundingHistory rows are hourly venue-history points', () => {
    const pts = normalizeHistory(FundingHistory.parse(fx('fundingHistory.BTC')));
    expect(pts.map((p) => [p.ratePerHour, p.shortCostPerHour, p.intervalHours, p.source])).toEqual([
      [0.0000125, -0.0000125, 1, 'VENUE_HISTORY'],
      [0.0000118337, -0.0000118337, 1, 'VENUE_HISTORY'],
      [-0.0000032, 0.0000032, 1, 'VENUE_HISTORY'],
    ]);
    expect(pts[2]!.time).toBe(1764860400004);
  });

  it('predictedFundings → the venue’s own HlPerp rate per coin; CEX rows ignored, null rows tolerated', () => {
    const p = normalizePredicted(PredictedFundings.parse(fx('predictedFundings')));
    expect(p.get('BTC')).toEqual({ rate: 0.0000125, nextFundingTime: 1764867600000, intervalHours: 1 });
    expect(p.get('ETH')!.rate).toBe(-0.0000040019);
    expect(p.get('MAVIA')!.intervalHours).toBe(1);
  });
});

describe('Hyperliquid markets (values)', () => {
  it('canonical USDC-margined ids; delisted skipped; k-prefixed coins keep their prefix', () => {
    const ms = normalizeMarkets(meta());
    expect(ms.map((m) => [m.id, m.venueSymbol])).toEqual([
      ['hyperliquid:BTC-USD-PERP', 'BTC'],
      ['hyperliquid:ETH-USD-PERP', 'ETH'],
      ['hyperliquid:SOL-USD-PERP', 'SOL'],
      ['hyperliquid:KPEPE-USD-PERP', 'kPEPE'],
      ['hyperliquid:MAVIA-USD-PERP', 'MAVIA'],
    ]);
    const btc = ms[0]!;
    expect(btc.symbol).toBe('BTC-USD');
    expect(btc.marginAssets).toEqual(['USDC']);
    expect(btc.fees).toMatchObject({ maker: 0.00015, taker: 0.00045, source: 'DEFAULT_SCHEDULE' });
    expect(btc.stepSize).toBe(0.00001);
    expect(btc.tickSize).toBeNull();
    expect(btc.missing).toContain('tickSize');
    expect(btc.risk.insuranceFund).toMatchObject({ balanceUsd: null, status: 'NOT_PUBLISHED' });
    expect(btc.risk.insuranceFund.source).toMatch(/HLP/);
    expect(ms[4]!.flags).toEqual(['ISOLATED_ONLY']);
  });

  it('tiers from margin tables; maintenance = half the initial margin at each tier’s max leverage', () => {
    const ms = normalizeMarkets(meta());
    const btc = ms[0]!;
    expect(btc.maxLeverage).toBe(40);
    expect(btc.leverageTiers).toEqual([
      { notionalFloor: 0, notionalCap: 150_000_000, maxLeverage: 40, maintenanceMarginRate: 0.0125 },
      { notionalFloor: 150_000_000, notionalCap: null, maxLeverage: 20, maintenanceMarginRate: 0.025 },
    ]);
    expect(btc.risk.initialMarginRate).toBe(0.025);
    expect(btc.risk.maintenanceMarginRate).toBe(0.0125);
    // Table id 3 (< 50): one implicit tier at 3x → maintenance 1/3/2.
    const mavia = ms[4]!;
    expect(mavia.leverageTiers).toEqual([{ notionalFloor: 0, notionalCap: null, maxLeverage: 3, maintenanceMarginRate: 1 / 6 }]);
    // A table the meta does not carry: tiers unknown, max leverage still the venue's figure.
    const unknown = leverageTiers({ name: 'X', szDecimals: 0, maxLeverage: 7, marginTableId: 77 }, meta()[0].marginTables);
    expect(unknown).toBeNull();
  });

  it('stats: mark, oracle as index, OI base × mark, 24 h notional volume', () => {
    const rows = assetRows(meta());
    const s = normalizeStats('BTC', rows[0]!.ctx);
    expect(s.markPrice).toBe(104366);
    expect(s.indexPrice).toBe(104350);
    expect(s.openInterest.base).toBe(28531.42586);
    expect(s.openInterest.usd).toBeCloseTo(28531.42586 * 104366, 4);
    expect(s.openInterest.long).toBeNull();
    expect(s.volume24hUsd).toBe(3121408837.09252);
  });

  it('a universe/contexts length mismatch is a typed error, not a mispairing', () => {
    const [m, c] = meta();
    expect(() => assetRows([m, c.slice(1)])).toThrow(/6 universe entries but 5 asset contexts/);
  });
});

describe('Hyperliquid books (values)', () => {
  it('l2Book → best-first levels with USD sizes and cumulative sums, mid and spread', () => {
    const b = normalizeBook('hyperliquid:BTC-USD-PERP', L2Book.parse(fx('l2Book.BTC')), 5, stamp());
    expect(b.kind).toBe('ORDER_BOOK');
    expect(b.bids).toHaveLength(5);
    expect(b.asks).toHaveLength(5);
    expect(b.bids[0]).toEqual({ price: 104366, size: 3.21107, sizeUsd: 104366 * 3.21107, cumulativeSizeUsd: 104366 * 3.21107 });
    expect(b.asks[1]!.cumulativeSizeUsd).toBeCloseTo(104367 * 1.73442 + 104368 * 0.25, 6);
    expect(b.midPrice).toBe(104366.5);
    expect(b.spreadBps).toBeCloseTo((1 / 104366.5) * 1e4, 10);
    expect(b.sequence).toBe('1764864000123');
  });

  it('a crossed bid is dropped; unsorted levels come out best first', () => {
    const raw = {
      coin: 'ETH',
      time: 1,
      levels: [
        [
          { px: '99', sz: '1', n: 1 },
          { px: '101', sz: '1', n: 1 },
          { px: '100', sz: '2', n: 1 },
        ],
        [{ px: '100.5', sz: '1', n: 1 }],
      ],
    };
    const b = normalizeBook('hyperliquid:ETH-USD-PERP', L2Book.parse(raw), 5, stamp());
    expect(b.bids.map((l) => l.price)).toEqual([100, 99]);
  });

  it('top of book for every coin from allMids / midPx; no mid → no book', () => {
    const mids = AllMids.parse(fx('allMids'));
    const b = midOnlyBook('hyperliquid:SOL-USD-PERP', mids.SOL, stamp(), 'SOL.mid')!;
    expect(b.midPrice).toBe(150.045);
    expect(b.bids).toEqual([]);
    expect(b.kind).toBe('ORDER_BOOK');
    expect(midOnlyBook('hyperliquid:MAVIA-USD-PERP', null, stamp(), 'MAVIA.midPx')).toBeNull();
  });
});
