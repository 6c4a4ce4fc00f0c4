/**
 * Behaviour every funding-history store shares (SQLite embedded, PostgreSQL scaled out), with hand-computed
 * values. Each `make()` gives a fresh storage location that can be opened, closed and reopened.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { annualize } from '../../src/core/funding.js';
import type { FundingPoint } from '../../src/core/types.js';
import type { HistoryStore, HourlyAggregate } from '../../src/store/history.js';

export interface StoreLocation {
  open(): HistoryStore;
  /** Hourly aggregate rows of one market, ascending. */
  hourly(store: HistoryStore, market: string): Promise<HourlyAggregate[]>;
  /** Raw rows of one market. */
  rawCount(store: HistoryStore, market: string): Promise<number>;
  schemaVersion(store: HistoryStore): Promise<number>;
  dispose(): Promise<void>;
}

export const H = 3_600_000;
export const D = 24 * H;
export const M = 60_000;
/** A round hour, so hourly buckets are easy to reason about. */
export const NOW = Date.parse('2026-11-24T12:00:00Z');

export const sample = (time: number, ratePerHour: number, source: FundingPoint['source'] = 'GATEWAY_SAMPLED'): FundingPoint => ({
  time,
  rate: null,
  intervalHours: null,
  ratePerHour,
  longCostPerHour: ratePerHour,
  shortCostPerHour: -ratePerHour,
  longBorrowPerHour: null,
  shortBorrowPerHour: null,
  source,
});
/** An 8-hourly venue payment of `rate` per interval (Aster `fundingRate` style). */
export const payment = (time: number, rate: number): FundingPoint => ({
  ...sample(time, rate / 8, 'VENUE_HISTORY'),
  rate,
  intervalHours: 8,
});
/** One sample a minute over [start, start + minutes). */
const minutes = (start: number, count: number, rate: (i: number) => number): FundingPoint[] =>
  Array.from({ length: count }, (_, i) => sample(start + i * M, rate(i)));

export function historyStoreSuite(name: string, make: (persistent: boolean) => Promise<StoreLocation>, skip: string | null = null): void {
  describe.skipIf(skip !== null)(`funding history store: ${name}`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanup.splice(0)) await c();
    });
    async function fresh(persistent = false): Promise<{ loc: StoreLocation; s: HistoryStore }> {
      const loc = await make(persistent);
      const s = loc.open();
      cleanup.push(async () => {
        await s.close();
        await loc.dispose();
      });
      return { loc, s };
    }

    it('coverage is 1/168 of D7 (and 1/720 of D30) for a sampler that started an hour ago', async () => {
      const { s } = await fresh();
      await s.write(
        'avantis:ETH-USD-PERP',
        minutes(NOW - 59 * M, 60, () => 0.00001),
      );
      const h = await s.window('avantis:ETH-USD-PERP', 'D7', NOW);
      expect(h.source).toBe('GATEWAY_SAMPLED');
      expect(h.from).toBe(NOW - 7 * D);
      expect(h.to).toBe(NOW);
      expect(h.points).toHaveLength(60);
      // 60 one-minute samples stand for 60 minutes of a 168-hour window.
      expect(h.coverage).toBeCloseTo(1 / 168, 12);
      expect((await s.window('avantis:ETH-USD-PERP', 'D30', NOW)).coverage).toBeCloseTo(1 / 720, 12);
      expect(h.summary.meanApr).toBeCloseTo(0.0876, 12);
      expect(h.summary.medianApr).toBeCloseTo(0.0876, 12);
      expect(h.summary.stdDevApr).toBeCloseTo(0, 12);
      expect(h.summary.positiveShare).toBe(1);
      // A long paid 0.00001 per hour for one hour.
      expect(h.summary.realizedFunding).toBeCloseTo(0.00001, 15);
    });

    it('an empty window has zero coverage and null statistics', async () => {
      const { s } = await fresh();
      const h = await s.window('jupiter:SOL-USD-PERP', 'D7', NOW);
      expect(h).toEqual({
        market: 'jupiter:SOL-USD-PERP',
        source: 'GATEWAY_SAMPLED',
        storage: 'OK',
        pendingPoints: 0,
        coverage: 0,
        from: NOW - 7 * D,
        to: NOW,
        points: [],
        summary: { meanApr: null, medianApr: null, stdDevApr: null, positiveShare: null, realizedFunding: null },
      });
    });

    it('90 days of 8-hourly venue payments cover the D90 window before and after downsampling', async () => {
      const { s } = await fresh();
      const rows = Array.from({ length: 270 }, (_, k) => payment(NOW - k * 8 * H, 0.0001));
      await s.write('aster:BTC-USD-PERP', rows);
      await s.write('aster:BTC-USD-PERP', rows); // idempotent
      await s.write('aster:BTC-USD-PERP', []); // an empty reply deletes nothing
      await s.write('aster:BTC-USD-PERP', [sample(NOW - H, 0.5)]); // gateway sample: venue history is preferred
      for (const when of ['before', 'after'] as const) {
        if (when === 'after') await s.downsample(NOW);
        const h = await s.window('aster:BTC-USD-PERP', 'D90', NOW);
        expect(h.source).toBe('VENUE_HISTORY');
        expect(h.points).toHaveLength(270);
        expect(new Set(h.points.map((p) => p.rate))).toEqual(new Set([0.0001]));
        expect(h.points[0]!.time).toBe(NOW - 269 * 8 * H);
        // 270 payments × 8 h = 2160 h = 90 days.
        expect(h.coverage).toBeCloseTo(1, 12);
        // A long paid 0.0001 at each of 270 settlements.
        expect(h.summary.realizedFunding).toBeCloseTo(0.027, 12);
        expect(h.summary.meanApr).toBeCloseTo(annualize(0.0000125), 12);
      }
      expect(await s.latestTime('aster:BTC-USD-PERP', 'VENUE_HISTORY')).toBe(NOW);
      expect(await s.earliestTime('aster:BTC-USD-PERP', 'VENUE_HISTORY')).toBe(NOW - 269 * 8 * H);
    });

    it('past 7 days keeps hourly mean/min/max/last; past 90 days keeps nothing', async () => {
      const { loc, s } = await fresh();
      const hour = NOW - 10 * D; // a round hour
      // 60 samples: 0.00001, 0.00002, 0.00003, 0.00001, … (the last one, i = 59, is 0.00003).
      await s.write(
        'm:X',
        minutes(hour, 60, (i) => [0.00001, 0.00002, 0.00003][i % 3]!),
      );
      await s.write('m:X', [sample(NOW - 100 * D, 1), sample(NOW - 30 * M, -0.00004)]);
      await s.downsample(NOW);
      const agg = await loc.hourly(s, 'm:X');
      expect(agg).toHaveLength(1);
      expect(agg[0]).toMatchObject({ hour, timeLast: hour + 59 * M, n: 60, min: 0.00001, max: 0.00003, last: 0.00003, coveredMs: H });
      expect(agg[0]!.mean).toBeCloseTo(0.00002, 15);
      expect(agg[0]!.longCostMean).toBeCloseTo(0.00002, 15);
      expect(agg[0]!.shortCostMean).toBeCloseTo(-0.00002, 15);
      expect(await loc.rawCount(s, 'm:X')).toBe(1); // only the sample inside the last 7 days stays raw
      const h = await s.window('m:X', 'D30', NOW);
      expect(h.points.map((p) => p.time)).toEqual([hour + 59 * M, NOW - 30 * M]);
      expect(h.points[0]!.ratePerHour).toBeCloseTo(0.00002, 15);
      expect((await s.query('m:X', NOW - 120 * D, NOW)).points).toHaveLength(2); // the 100-day-old row is gone
    });

    it('weights statistics by time: one aggregated hour counts as much as sixty raw minutes', async () => {
      const { s } = await fresh();
      await s.write(
        'm:Y',
        minutes(NOW - 10 * D, 60, () => 0.00002),
      );
      await s.write(
        'm:Y',
        minutes(NOW - 59 * M, 60, () => -0.00001),
      );
      await s.downsample(NOW);
      const h = await s.window('m:Y', 'D30', NOW);
      expect(h.points).toHaveLength(61);
      // Two covered hours: +0.00002/h (APR 0.1752) and −0.00001/h (APR −0.0876).
      expect(h.coverage).toBeCloseTo(2 / 720, 12);
      expect(h.summary.meanApr).toBeCloseTo(0.0438, 12);
      expect(h.summary.medianApr).toBeCloseTo(0.0438, 12);
      expect(h.summary.stdDevApr).toBeCloseTo(0.1314, 12);
      expect(h.summary.positiveShare).toBeCloseTo(0.5, 12);
      expect(h.summary.realizedFunding).toBeCloseTo(0.00001, 15);
    });

    it('downsampling in several runs keeps coverage continuous and merges late rows into their hour', async () => {
      const { loc, s } = await fresh();
      const t0 = NOW - 8 * D; // round hour
      await s.write(
        'm:Z',
        minutes(t0, 30, () => 0.00001),
      ); // t0 … t0+29m
      await s.downsample(NOW);
      // Late rows for the same hour, then the next hour starts after a 3-minute gap.
      await s.write(
        'm:Z',
        minutes(t0 + 30 * M, 30, () => 0.00003),
      ); // t0+30m … t0+59m
      await s.write(
        'm:Z',
        minutes(t0 + 62 * M, 10, () => 0.00001),
      ); // t0+62m … t0+71m
      await s.downsample(NOW + 2 * H);
      const agg = await loc.hourly(s, 'm:Z');
      expect(agg.map((a) => [a.hour, a.n, a.coveredMs, a.last])).toEqual([
        [t0, 60, H, 0.00003],
        // First minute follows the previous aggregate's last point by 3 minutes (within the 5-minute tolerance).
        [t0 + H, 10, 3 * M + 9 * M, 0.00001],
      ]);
      expect(agg[0]!.mean).toBeCloseTo(0.00002, 15);
      const h = await s.query('m:Z', t0, t0 + 2 * H);
      expect(h.coverage).toBeCloseTo((60 + 12) / 120 - 1 / 120, 12); // the window starts at the first point
    });

    it('resamples to a requested resolution and rejects an unknown one', async () => {
      const { s } = await fresh();
      await s.write(
        'm:R',
        minutes(NOW - 2 * H + M, 120, (i) => (i < 60 ? 0.00001 : 0.00003)),
      );
      const h = await s.query('m:R', NOW - 2 * H, NOW, '1h');
      expect(h.points.map((p) => p.time)).toEqual([NOW - H, NOW]);
      expect(h.points[0]!.ratePerHour).toBeCloseTo(0.00001, 15);
      expect(h.points[1]!.ratePerHour).toBeCloseTo(0.00003, 15);
      expect(h.points[1]!.annualizedRate).toBeCloseTo(0.2628, 12);
      expect(h.summary.meanApr).toBeCloseTo(0.1752, 12); // the summary stays at full resolution
      expect((await s.query('m:R', NOW - 2 * H, NOW, 'RAW')).points).toHaveLength(120);
      await expect(s.query('m:R', NOW - 2 * H, NOW, '90s')).rejects.toThrow(RangeError);
    });

    it('survives a restart: raw rows, aggregates and the schema version are read back after reopening', async () => {
      const loc = await make(true);
      cleanup.push(() => loc.dispose());
      const a = loc.open();
      await a.write('jupiter:SOL-USD-PERP', [sample(NOW - M, 0.000012), sample(NOW, 0.000013), sample(NOW - 9 * D, 0.00005)]);
      await a.write('aster:BTC-USD-PERP', [payment(NOW - 8 * H, 0.0001)]);
      await a.downsample(NOW);
      await a.close();
      const b = loc.open();
      cleanup.push(async () => void (await b.close()));
      expect(await loc.schemaVersion(b)).toBe(2);
      const h = await b.query('jupiter:SOL-USD-PERP', NOW - 10 * D, NOW);
      expect(h.points.map((p) => p.ratePerHour)).toEqual([0.00005, 0.000012, 0.000013]);
      expect(await b.latestTime('aster:BTC-USD-PERP', 'VENUE_HISTORY')).toBe(NOW - 8 * H);
      expect((await b.window('aster:BTC-USD-PERP', 'D7', NOW)).points[0]!.rate).toBe(0.0001);
    });
  });
}
