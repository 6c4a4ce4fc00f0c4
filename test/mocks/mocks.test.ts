import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMarketId } from '../../src/core/symbols.js';
import { VENUES, type ConnectorEvent, type OrderBook } from '../../src/core/types.js';
import { datasetPath, loadDataset } from '../../src/mocks/dataset.js';
import { generateDataset, serializeDataset } from '../../src/mocks/generate.js';
import { createMockConnector } from '../../src/mocks/connector.js';
import { connectorContract, findNonFinite, until } from '../contract/connector.contract.js';

const FAST = {
  FUNDING: { cadenceMs: 200, slaMs: 2000 },
  MARK: { cadenceMs: 100, slaMs: 2000 },
  DEPTH: { cadenceMs: 100, slaMs: 2000 },
  METADATA: { cadenceMs: 1000, slaMs: 5000 },
};

describe('mock datasets', () => {
  it.each(VENUES)('%s: the committed dataset is exactly what the deterministic generator produces', (venue) => {
    const a = serializeDataset(generateDataset(venue));
    const b = serializeDataset(generateDataset(venue));
    expect(a).toBe(b);
    expect(readFileSync(datasetPath(venue), 'utf8')).toBe(a);
  });

  it('has 24 h of funding every minute and snapshots every 5 minutes, canonical unique ids, finite values', () => {
    const ids: string[] = [];
    for (const venue of VENUES) {
      const d = loadDataset(venue);
      for (const m of d.markets) {
        ids.push(m.id);
        expect(parseMarketId(m.id)?.venue).toBe(venue);
        const s = d.series[m.id]!;
        expect(s.funding).toHaveLength(1440);
        expect(s.mark).toHaveLength(288);
        expect(findNonFinite(s)).toBeNull();
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((i) => i.startsWith('aster:')).length).toBeGreaterThanOrEqual(10);
    for (const base of ['BTC', 'ETH']) {
      const venues = new Set(ids.filter((i) => parseMarketId(i)?.base === base).map((i) => i.split(':')[0]));
      expect(venues.size, base).toBeGreaterThanOrEqual(3);
    }
  });

  it('Avantis per-side funding nets to zero by OI, and Jupiter has no funding (BORROW_FEE, rate null)', async () => {
    const now = Date.now();
    const av = createMockConnector('avantis', { now: () => now, timings: FAST });
    const [eth] = (await av.getFunding(['avantis:ETH-USD-PERP'])) as Array<
      Exclude<Awaited<ReturnType<typeof av.getFunding>>[number], Error>
    >;
    const [st] = (await av.getStats(['avantis:ETH-USD-PERP'])) as Array<{ openInterest: { longBase: number; shortBase: number } }>;
    expect(eth!.model).toBe('FUNDING_PLUS_BORROW');
    expect(eth!.longRatePerHour! * st!.openInterest.longBase + eth!.shortRatePerHour! * st!.openInterest.shortBase).toBeCloseTo(0, 1);
    const jup = createMockConnector('jupiter', { now: () => now, timings: FAST });
    const [sol] = (await jup.getFunding(['jupiter:SOL-USD-PERP'])) as Array<{
      model: string;
      rate: number | null;
      longBorrowRatePerHour: number;
      longCostPerHour: number;
    }>;
    expect(sol).toMatchObject({ model: 'BORROW_FEE', rate: null });
    expect(sol!.longCostPerHour).toBe(sol!.longBorrowRatePerHour);
  });
});

describe('sample_feeds.json', () => {
  it('is exactly the REST payload the gateway builds over the shipped datasets (mode=mock, fixed clock)', async () => {
    const { buildSampleFeeds, SAMPLE_PATH } = await import('../../scripts/generate-sample-feeds.js');
    expect(readFileSync(SAMPLE_PATH, 'utf8')).toBe(await buildSampleFeeds());
  });
});

describe('mock connector replay', () => {
  it('every market gets a changed, uncrossed book within one depth cadence and funding for every market', async () => {
    for (const venue of VENUES) {
      const events: ConnectorEvent[] = [];
      const c = createMockConnector(venue, { now: Date.now, timings: FAST });
      await c.start({ emit: (e) => events.push(e) });
      const ids = (await c.listMarkets()).map((m) => m.id);
      const first = new Map(
        (events.filter((e) => e.type === 'book') as Array<{ book: OrderBook }>).map((e) => [e.book.market, JSON.stringify(e.book.bids)]),
      );
      await until(
        () => {
          const later = events.filter((e) => e.type === 'book') as Array<{ book: OrderBook }>;
          return ids.every((id) => later.some((e) => e.book.market === id && JSON.stringify(e.book.bids) !== first.get(id)));
        },
        `${venue}: every book changed`,
        2000,
      );
      for (const e of events) {
        if (e.type !== 'book') continue;
        expect(e.book.bids[0]!.price).toBeLessThan(e.book.asks[0]!.price);
        expect(e.book.stamp.source).toBe('MOCK');
      }
      const f = await c.getFunding(ids);
      expect(f.every((x) => !(x instanceof Error) && x.stamp.source === 'MOCK')).toBe(true);
      expect(c.health()).toMatchObject({ status: 'MOCK', dataSource: 'MOCK', transport: 'MOCK' });
      await c.dispose();
    }
  });

  it('serves 24 h of rebased funding history, newest point = now', async () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    const c = createMockConnector('aster', { now: () => now, timings: FAST });
    const pts = (await c.fundingHistory('aster:BTC-USD-PERP', now - 86_400_000, now))!;
    expect(pts).toHaveLength(1440);
    expect(pts[pts.length - 1]!.time).toBe(now);
    expect(pts[0]!.source).toBe('MOCK');
  });
});

connectorContract(
  'mock connector (shipped datasets)',
  async () => {
    const connector = createMockConnector('aster', { now: Date.now, timings: FAST });
    return {
      connector,
      budgetPerMinute: 0,
      fault: () => undefined,
      clearFaults: () => undefined,
      requestTimes: () => [],
      dispose: () => connector.dispose(),
    };
  },
  { networked: false },
);
