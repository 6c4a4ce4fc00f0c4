import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FundingPoint } from '../../src/core/types.js';
import { SqliteHistoryStore } from '../../src/store/history.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-24T12:00:00Z');
const pt = (time: number, ratePerHour: number, source: FundingPoint['source'] = 'GATEWAY_SAMPLED'): FundingPoint => ({
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

describe('SQLite funding history', () => {
  it('coverage is right for a sampler that started an hour ago', async () => {
    const s = new SqliteHistoryStore(':memory:');
    s.write(
      'avantis:ETH-USD-PERP',
      Array.from({ length: 60 }, (_, i) => pt(NOW - (59 - i) * 60_000, 0.00001)),
    );
    const h = await s.range('avantis:ETH-USD-PERP', NOW - 7 * 24 * H, NOW);
    expect(h.source).toBe('GATEWAY_SAMPLED');
    expect(h.points).toHaveLength(60);
    expect(h.coverage).toBeCloseTo(1 / 168, 4);
    expect(h.summary.meanApr).toBeCloseTo(0.0876, 10);
    expect(h.summary.positiveShare).toBe(1);
    expect(h.summary.realizedFunding).toBeCloseTo(0.00001, 12);
    s.close();
  });

  it('prefers venue history, is idempotent, and never loses rows on an empty write', async () => {
    const s = new SqliteHistoryStore(':memory:');
    const rows = Array.from({ length: 21 }, (_, i) => ({
      ...pt(NOW - (20 - i) * 8 * H, 0.0000125, 'VENUE_HISTORY'),
      rate: 0.0001,
      intervalHours: 8,
    }));
    s.write('aster:BTC-USD-PERP', rows);
    s.write('aster:BTC-USD-PERP', rows);
    s.write('aster:BTC-USD-PERP', []);
    s.write('aster:BTC-USD-PERP', [pt(NOW - H, 0.5)]);
    const h = await s.range('aster:BTC-USD-PERP', NOW - 7 * 24 * H, NOW);
    expect(h.source).toBe('VENUE_HISTORY');
    expect(h.points.every((p) => p.rate === 0.0001)).toBe(true);
    expect(h.coverage).toBeCloseTo(1, 6);
    expect(s.latestTime('aster:BTC-USD-PERP', 'VENUE_HISTORY')).toBe(NOW);
    s.close();
  });

  it('keeps hourly aggregates past 7 days and deletes past 90 days', async () => {
    const s = new SqliteHistoryStore(':memory:');
    const old = NOW - 10 * 24 * H;
    s.write('m:X', [pt(old, 0.00001), pt(old + 60_000, 0.00003), pt(NOW - 100 * 24 * H, 1)]);
    s.downsample(NOW);
    const raw = s.db.prepare('SELECT COUNT(*) AS n FROM funding_history').get() as { n: number };
    expect(raw.n).toBe(0);
    const h = await s.range('m:X', NOW - 30 * 24 * H, NOW);
    expect(h.points).toHaveLength(1);
    expect(h.points[0]!.ratePerHour).toBeCloseTo(0.00002, 12);
    expect((await s.range('m:X', NOW - 120 * 24 * H, NOW)).points).toHaveLength(1);
    s.close();
  });

  it('survives a restart (close and reopen the same file)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'perp-hist-')), 'h.sqlite');
    const a = new SqliteHistoryStore(file);
    a.write('jupiter:SOL-USD-PERP', [pt(NOW - 60_000, 0.000012), pt(NOW, 0.000013)]);
    a.close();
    const b = new SqliteHistoryStore(file);
    expect(b.schemaVersion).toBe(1);
    const h = await b.range('jupiter:SOL-USD-PERP', NOW - H, NOW);
    expect(h.points.map((p) => p.ratePerHour)).toEqual([0.000012, 0.000013]);
    b.close();
  });
});
