/**
 * `npm run record` against the fakes: a short recording through the app's live plane writes the mock dataset format,
 * replays in mock mode with the recorded values (by value), resumes without duplicating rows, and shows progress.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundingRate, MarketStats } from '../../src/core/types.js';
import { registry } from '../../src/venues/registry.js';
import { createMockConnector } from '../../src/mocks/connector.js';
import { datasetPath, parseDataset } from '../../src/mocks/dataset.js';
import { parseRecordArgs, record } from '../../scripts/record.js';
import { gql, testGateway } from '../gateway/harness.js';
import { startRecordRig, type RecordRig } from './record-rig.js';

const STEP = 400;

describe('npm run record against the fakes', () => {
  let rig: RecordRig;
  let out: string;
  let opts: RecordRig['opts'];
  const lines: string[] = [];
  const progress = { isTTY: false, write: (s: string) => lines.push(s) };

  beforeAll(async () => {
    rig = await startRecordRig(STEP);
    ({ out, opts } = rig);
  });
  afterAll(() => rig.close());

  it('records 6 rows per venue with progress lines, into the mock dataset format', async () => {
    const res = await record({ ...opts, hours: (6 * STEP) / 3_600_000, progress });
    expect(res.map((r) => [r.venue, r.rows, r.appended])).toEqual([
      ['aster', 6, 6],
      ['avantis', 6, 6],
    ]);
    expect(lines.at(-1)).toMatch(/^record: 100% 6\/6 rows aster:6 avantis:6\n$/);
    for (const v of ['aster', 'avantis'] as const) {
      const d = parseDataset(readFileSync(datasetPath(v, out), 'utf8'), v); // full validation
      expect([d.spanMs, d.fundingStepMs, d.snapStepMs, d.hours]).toEqual([6 * STEP, STEP, STEP, 1]);
    }
    const d = parseDataset(readFileSync(datasetPath('aster', out), 'utf8'), 'aster');
    expect(d.series['aster:BTC-USD-PERP']!.funding.rate).toEqual([0.0001, 0.0001, 0.0001, 0.0001, 0.0001, 0.0001]);
    expect(d.series['aster:BTC-USD-PERP']!.mark.at(-1)).toBe(100_000.5);
    // The fake's Avantis serves no 24 h volume for EUR (the analytics source lists ETH and BTC only): stored as null
    // rows and counted, never as 0.
    const av = parseDataset(readFileSync(datasetPath('avantis', out), 'utf8'), 'avantis');
    expect(av.series['avantis:ETH-USD-PERP']!.volume24hUsd).toEqual(Array(6).fill(12_500_000));
    expect(av.series['avantis:EUR-USD-PERP']!.volume24hUsd).toEqual(Array(6).fill(null));
    expect(res[1]!.gaps['avantis:EUR-USD-PERP volume24hUsd']).toBe(6);
    expect(res[0]!.gaps).toEqual({});
  });

  it('replays in mock mode with the recorded values', async () => {
    const seen = { funding: new Map<string, FundingRate>(), stats: new Map<string, MarketStats>() };
    for (const venue of ['aster', 'avantis'] as const) {
      const mock = createMockConnector(venue, { now: Date.now, datasetDir: out, mock: registry[venue].mock });
      await mock.start({
        emit: (e) => {
          if (e.type === 'funding') seen.funding.set(e.funding.market, e.funding);
          if (e.type === 'stats') seen.stats.set(e.market, e.stats);
        },
      });
      await mock.dispose();
    }
    // Aster: the fake's premiumIndex (BTCUSDT rate 0.0001 per 8 h, mark 100 000.5), OI 5 599.89 BTC × mark.
    const btc = seen.funding.get('aster:BTC-USD-PERP')!;
    expect(btc.rate).toBe(0.0001);
    expect(btc.ratePerHour).toBeCloseTo(0.0000125, 15);
    expect(btc.stamp.source).toBe('MOCK');
    expect(seen.stats.get('aster:BTC-USD-PERP')!.markPrice).toBeCloseTo(100_000.5, -1); // ±0.15 bp replay noise
    expect(seen.funding.get('aster:ETH-USD-PERP')!.rate).toBe(-0.00002);
    // Avantis ETH: fundingRate long −0.0025 %/h, short 0.002 %/h, marginFee 0.00114… %/h; OI 350 000 / 437 500 USD.
    const eth = seen.funding.get('avantis:ETH-USD-PERP')!;
    expect(eth.longRatePerHour).toBeCloseTo(-0.000025, 15);
    expect(eth.shortRatePerHour).toBeCloseTo(0.00002, 15);
    expect(eth.longBorrowRatePerHour).toBeCloseTo(0.000011415525114155251, 15);
    const oi = seen.stats.get('avantis:ETH-USD-PERP')!.openInterest;
    expect([oi.long, oi.short]).toEqual([350_000, 437_500]);
    // Recorded volume replays as recorded: a value for ETH, null (not 0) for EUR, whose volume was never served.
    expect(seen.stats.get('avantis:ETH-USD-PERP')!.volume24hUsd).toBe(12_500_000);
    expect(seen.stats.get('avantis:EUR-USD-PERP')!.volume24hUsd).toBeNull();
  });

  it('the gateway replays the recording in mode=mock from PERP_MOCK_DIR', async () => {
    const gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock', PERP_VENUES: 'aster,avantis', PERP_MOCK_DIR: out });
    try {
      const r = await gql<{ market: { dataSource: string; funding: { rate: number } } }>(
        gw.url,
        '{ market(id: "aster:BTC-USD-PERP", mode: MOCK) { dataSource funding { rate } } }',
      );
      expect(r.data?.market).toEqual({ dataSource: 'MOCK', funding: { rate: 0.0001 } });
      const eur = await gql<{ market: { volume24hUsd: number | null; completeness: { missing: string[] } } }>(
        gw.url,
        '{ market(id: "avantis:EUR-USD-PERP", mode: MOCK) { volume24hUsd completeness { missing } } }',
      );
      expect(eur.data?.market.volume24hUsd).toBeNull();
      expect(eur.data?.market.completeness.missing).toContain('volume24hUsd');
      const ids = await gql<{ markets: Array<{ id: string }> }>(gw.url, '{ markets(mode: MOCK) { id } }');
      // The recording's market set (the fakes' markets), not the shipped datasets'.
      expect(ids.data?.markets.map((m) => m.id)).toContain('avantis:ETH-USD-PERP');
      expect(ids.data?.markets.map((m) => m.id)).not.toContain('aster:SOL-USD-PERP');
    } finally {
      await gw.close();
    }
  });

  it('resumes: a longer run appends only the missing rows, and a finished one appends none', async () => {
    const before = parseDataset(readFileSync(datasetPath('aster', out), 'utf8'), 'aster');
    const res = await record({ ...opts, hours: (9 * STEP) / 3_600_000, progress });
    expect(res.map((r) => [r.rows, r.appended])).toEqual([
      [9, 3],
      [9, 3],
    ]);
    const after = parseDataset(readFileSync(datasetPath('aster', out), 'utf8'), 'aster');
    const col = (x: typeof before) => x.series['aster:BTC-USD-PERP']!.mark;
    expect(col(after).slice(0, 6)).toEqual(col(before));
    expect(after.endTime).toBeGreaterThanOrEqual(before.endTime + 3 * STEP);
    const again = await record({ ...opts, hours: (9 * STEP) / 3_600_000, progress });
    expect(again.map((r) => r.appended)).toEqual([0, 0]);
  });

  it('draws a bar on a terminal', async () => {
    const tty: string[] = [];
    await record({ ...opts, hours: (9 * STEP) / 3_600_000, progress: { isTTY: true, write: (s) => tty.push(s) } });
    expect(tty.at(-1)).toBe(`\r[${'#'.repeat(30)}] 100% 9/9 rows aster:9 avantis:9\n`);
  });

  it('parses the CLI arguments', () => {
    expect(parseRecordArgs(['--hours', '24', '--venues', 'aster,avantis'])).toEqual({
      venues: ['aster', 'avantis'],
      hours: 24,
      intervalMs: 60_000,
      out: 'mocks/recorded',
    });
    expect(parseRecordArgs(['--seconds', '2', '--interval', '0.5', '--venues', 'aster', '--out', '/tmp/x']).intervalMs).toBe(500);
    expect(() => parseRecordArgs(['--venues', 'nope'])).toThrow('--venues must be a comma list of');
  });
});
