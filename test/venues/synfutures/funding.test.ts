/** Native two-sided funding from hand-built AMM state (docs/venues/synfutures.md §7), and the subgraph history math (§6). */
import { describe, expect, it } from 'vitest';
import { fundingWad, synFunding, type FundingInputs } from '../../../src/venues/synfutures/rates.js';
import { historyPoints, unpackIndex } from '../../../src/venues/synfutures/subgraph.js';
import { Q96, wadToNumber, WAD } from '../../../src/venues/synfutures/wad.js';
import { pack, seriesRows } from '../../fakes/base/subgraph.js';

const stamp = { asOf: 1_700_000_000_000, slaMs: 180_000, source: 'LIVE' as const };
/** sqrtPX96 = 10 · 2^96 → fair = (sqrtPX96 / 2^96)² = 100 exactly. */
const SQRT_100 = 10n * Q96;
const base = (o: Partial<FundingInputs> = {}): FundingInputs => ({
  sqrtPX96: SQRT_100,
  mark: 125n * WAD,
  totalLong: 20n * WAD,
  totalShort: 30n * WAD,
  fundingHour: 24,
  fundingHourSource: 'VENUE_API',
  imrBps: 300,
  ...o,
});

describe('SynFutures funding from AMM state', () => {
  it('fair below mark gives a negative rate: shorts pay, longs receive the shorts’ total over their own OI', () => {
    // fair 100, mark 125 → rate = (100 − 125)/125 = −0.2 per 24 h period.
    const f = synFunding('synfutures:BTC-USD-PERP', base(), stamp);
    expect(f.model).toBe('CONTINUOUS_FUNDING');
    expect(f.rate).toBe(-0.2);
    expect(f.intervalHours).toBe(24);
    expect(f.intervalSource).toBe('VENUE_API');
    expect(f.ratePerHour).toBeCloseTo(-0.2 / 24, 15);
    expect(f.annualizedRate).toBeCloseTo((-0.2 / 24) * 8760, 12);
    // Payer (shorts, 30) pays |r|; receivers (longs, 20) get 0.2 × 30/20 = 0.3 per period.
    expect(f.shortRatePerHour).toBeCloseTo(0.2 / 24, 15);
    expect(f.longRatePerHour).toBeCloseTo(-0.3 / 24, 15);
    expect(f.longCostPerHour).toBe(f.longRatePerHour);
    expect(f.shortCostPerHour).toBe(f.shortRatePerHour);
    expect(f.longBorrowRatePerHour).toBeNull();
    expect(f.shortCostAnnualized).toBeCloseTo((0.2 / 24) * 8760, 12);
    expect([f.capRate, f.floorRate]).toEqual([0.03, -0.03]);
    expect([f.nextFundingTime, f.predictedRate]).toEqual([null, null]);
    expect(f.stamp).toBe(stamp);
  });

  it('fair above mark: longs pay; the receiving side equals the payer spread scaled by the OI ratio', () => {
    // fair 100, mark 80 → +0.25; longs 20 pay, shorts 30 receive 0.25 × 20/30.
    const f = synFunding('m', base({ mark: 80n * WAD }), stamp);
    expect(f.rate).toBe(0.25);
    expect(f.longRatePerHour).toBeCloseTo(0.25 / 24, 15);
    expect(f.shortRatePerHour).toBeCloseTo((-0.25 * (20 / 30)) / 24, 15);
    // Balanced book: the receiver gets exactly the payer's rate.
    const even = synFunding('m', base({ mark: 80n * WAD, totalShort: 20n * WAD }), stamp);
    expect(even.shortRatePerHour).toBeCloseTo(-0.25 / 24, 15);
  });

  it('a fundingHour of 8 gives three times the per-hour rate of 24 for the same spread', () => {
    const f24 = synFunding('m', base({ fundingHour: 24 }), stamp);
    const f8 = synFunding('m', base({ fundingHour: 8 }), stamp);
    expect(f8.rate).toBe(f24.rate);
    expect(f8.ratePerHour! / f24.ratePerHour!).toBeCloseTo(3, 12);
    expect(f8.longRatePerHour! / f24.longRatePerHour!).toBeCloseTo(3, 12);
    expect(f8.annualizedRate).toBeCloseTo(f24.annualizedRate! * 3, 12);
  });

  it('computes the spread and the OI ratio in WAD integers before one conversion', () => {
    const w = fundingWad({ sqrtPX96: SQRT_100, mark: 3n * WAD, totalLong: 1n, totalShort: 3n });
    expect(w.fair).toBe(100n * WAD);
    expect(w.rate).toBe((97n * WAD * WAD) / (3n * WAD)); // 32.333… truncated at 18 decimals, like the contracts
    expect(w.ratio).toBe(WAD / 3n);
    expect(wadToNumber(w.rate, 'r')).toBe(Number('32.333333333333333333'));
  });

  it('edge cases: flat book, nobody on the receiving side, a zero mark', () => {
    const flat = synFunding('m', base({ mark: 100n * WAD }), stamp);
    expect([flat.rate, flat.longRatePerHour, flat.shortRatePerHour]).toEqual([0, 0, 0]);
    const noReceiver = synFunding('m', base({ totalLong: 0n }), stamp); // shorts pay, no longs to receive
    expect(noReceiver.shortRatePerHour).toBeCloseTo(0.2 / 24, 15);
    expect(noReceiver.longRatePerHour).toBeNull();
    expect(() => synFunding('m', base({ mark: 0n }), stamp)).toThrow(/markPrice/);
  });
});

describe('SynFutures subgraph funding history', () => {
  it('unpacks the long index from the low and the short index from the high 128 bits (signed)', () => {
    expect(unpackIndex(pack(-5n, 7n))).toEqual({ long: -5n, short: 7n });
    expect(unpackIndex(pack(123n * WAD, -(2n ** 100n)))).toEqual({ long: 123n * WAD, short: -(2n ** 100n) });
  });

  it('turns hourly index changes into per-side hourly costs over the mark', () => {
    // Longs pay 0.00002 /h, shorts receive 0.000025 /h at mark 2000, funding period 8 h.
    const rows = seriesRows(
      '0xabc-4294967295',
      { mark: 2000, longCostPerHour: 0.00002, shortCostPerHour: -0.000025, volumePerHour: 1, days: 1 },
      1_700_000_000,
    );
    const pts = historyPoints(rows, 8);
    expect(pts).toHaveLength(rows.length);
    for (const p of pts) {
      expect(p.longCostPerHour).toBeCloseTo(0.00002, 15);
      expect(p.shortCostPerHour).toBeCloseTo(-0.000025, 15);
      expect(p.ratePerHour).toBeCloseTo(0.00002, 15);
      expect(p.rate).toBeCloseTo(0.00016, 15);
      expect(p.intervalHours).toBe(8);
      expect(p.source).toBe('VENUE_HISTORY');
    }
    expect(pts[1]!.time - pts[0]!.time).toBe(3_600_000);
    // A gap of two hours spreads the change over both hours.
    const gap = historyPoints([rows[0]!, rows[2]!], 8);
    expect(gap[1]!.longCostPerHour).toBeCloseTo(0.00002, 15);
  });
});
