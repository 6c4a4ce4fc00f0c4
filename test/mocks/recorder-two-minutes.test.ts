/**
 * A two-minute recording (the acceptance length) against the fakes, at a 10 s row step: the venue's values
 * change half-way, the recording holds both regimes row by row, and mock mode replays them: the latest values now,
 * the earlier ones in the funding history. Its own file so it runs beside the rest of the suite (it mostly waits).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundingRate, MarketStats } from '../../src/core/types.js';
import { registry } from '../../src/venues/registry.js';
import { createMockConnector } from '../../src/mocks/connector.js';
import { datasetPath, parseDataset } from '../../src/mocks/dataset.js';
import { record, type RecordResult } from '../../scripts/record.js';
import { startRecordRig, type RecordRig } from './record-rig.js';

const STEP = 10_000;
const ROWS = 12; // 120 s
const BTC = 'aster:BTC-USD-PERP';

describe('a 2-minute recording against the fakes', () => {
  let rig: RecordRig;
  let res: RecordResult[];
  let changedAt = 0;
  const lines: string[] = [];

  beforeAll(async () => {
    rig = await startRecordRig(STEP);
    // The fake streams marks and tickers every second; half-way its BTC mark and funding rate move.
    const pump = setInterval(() => {
      rig.aster.pushMarks();
      rig.aster.pushBookTickers();
    }, 1000);
    const change = setTimeout(
      () => {
        const m = rig.aster.state.marks['BTCUSDT']!;
        m.mark = 101_000.5;
        m.rate = 0.00025;
        changedAt = Date.now();
        rig.aster.pushMarks();
      },
      (ROWS * STEP) / 2,
    );
    try {
      const progress = { isTTY: false, write: (s: string) => lines.push(s) };
      res = await record({ ...rig.opts, hours: (ROWS * STEP) / 3_600_000, progress });
    } finally {
      clearInterval(pump);
      clearTimeout(change);
    }
  }, 200_000);
  afterAll(() => rig.close());

  it('writes 12 rows per venue over the two minutes, each regime in its rows', () => {
    expect(changedAt).toBeGreaterThan(0);
    expect(res.map((r) => [r.venue, r.rows, r.appended])).toEqual([
      ['aster', ROWS, ROWS],
      ['avantis', ROWS, ROWS],
    ]);
    expect(lines.at(-1)).toBe(`record: 100% ${ROWS}/${ROWS} rows aster:${ROWS} avantis:${ROWS}\n`);
    const d = parseDataset(readFileSync(datasetPath('aster', rig.out), 'utf8'), 'aster');
    expect(d.spanMs).toBe(ROWS * STEP);
    const rates = d.series[BTC]!.funding.rate!;
    const marks = d.series[BTC]!.mark;
    // Rows before the change hold the first regime, rows after it the second; the switch happens once.
    const first = rates.indexOf(0.00025);
    expect(first).toBeGreaterThan(2);
    expect(first).toBeLessThan(ROWS - 2);
    expect(rates).toEqual([...Array(first).fill(0.0001), ...Array(ROWS - first).fill(0.00025)]);
    expect(marks.slice(0, first - 1).every((x) => x === 100_000.5)).toBe(true);
    expect(marks.slice(first + 1).every((x) => x === 101_000.5)).toBe(true);
  });

  it('replays in mock mode: the latest regime now, both in the funding history', async () => {
    const funding = new Map<string, FundingRate>();
    const stats = new Map<string, MarketStats>();
    const mock = createMockConnector('aster', { now: Date.now, datasetDir: rig.out, mock: registry.aster.mock });
    await mock.start({
      emit: (e) => {
        if (e.type === 'funding') funding.set(e.funding.market, e.funding);
        if (e.type === 'stats') stats.set(e.market, e.stats);
      },
    });
    try {
      expect(funding.get(BTC)!.rate).toBe(0.00025);
      expect(funding.get(BTC)!.stamp.source).toBe('MOCK');
      expect(stats.get(BTC)!.markPrice).toBeCloseTo(101_000.5, -1); // ±0.15 bp replay noise
      const now = Date.now();
      const hist = (await mock.fundingHistory(BTC, now - ROWS * STEP, now))!;
      const rates = new Set(hist.map((p) => p.rate));
      expect(rates).toEqual(new Set([0.0001, 0.00025]));
      expect(hist.every((p) => p.source === 'MOCK')).toBe(true);
    } finally {
      await mock.dispose();
    }
  });
});
