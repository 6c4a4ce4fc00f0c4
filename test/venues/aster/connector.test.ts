import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorEvent, OrderBook } from '../../../src/core/types.js';
import { SqliteHistoryStore } from '../../../src/store/history.js';
import { until } from '../../contract/connector.contract.js';
import { asterUnderTest } from './setup.js';

type T = Awaited<ReturnType<typeof asterUnderTest>>;
let t: T | null = null;
afterEach(async () => {
  await t?.connector.dispose();
  await t?.fake.close();
  t = null;
});

describe('Aster connector against the fake', () => {
  it('streams marks and synced books; a gap in the diff stream resyncs (counted) and the book is never crossed', async () => {
    t = await asterUnderTest();
    const events: ConnectorEvent[] = [];
    await t.connector.start({ emit: (e) => events.push(e) });
    await until(() => t!.fake.streams.includes('btcusdt@depth@100ms') && t!.fake.server.wsClients === 1, 'stream subscribed to BTC depth');
    await until(async () => !((await t!.connector.getBooks(['aster:BTC-USD-PERP'], 5))[0] instanceof Error), 'snapshot book');
    t.fake.state.marks.BTCUSDT!.rate = 0.0002;
    t.fake.pushMarks();
    await until(async () => {
      const [f] = await t!.connector.getFunding(['aster:BTC-USD-PERP']);
      return !(f instanceof Error) && f!.rate === 0.0002;
    }, 'funding from the stream');
    expect(t.connector.health().transport).toBe('WEBSOCKET');
    t.fake.pushDiff('BTCUSDT', [[100_000.25, 7]], []);
    await until(async () => {
      const [b] = (await t!.connector.getBooks(['aster:BTC-USD-PERP'], 5)) as OrderBook[];
      return b!.bids[0]!.price === 100_000.25 && b!.bids[0]!.size === 7;
    }, 'diff applied');
    const before = t.connector.health().resyncs;
    t.fake.pushDiff('BTCUSDT', [[100_000.3, 1]], [], { gap: true });
    await until(() => t!.connector.health().resyncs > before, 'resync counted');
    t.fake.pushDiff('BTCUSDT', [], [[100_000.1, 0]]);
    await until(async () => {
      const [b] = (await t!.connector.getBooks(['aster:BTC-USD-PERP'], 5)) as OrderBook[];
      return b!.sequence === String(t!.fake.state.books.BTCUSDT!.lastUpdateId) || b!.bids[0]!.price === 100_000.3;
    }, 'book back in sync after the resync');
    for (const e of events)
      if (e.type === 'book' && e.book.bids[0] && e.book.asks[0]) expect(e.book.bids[0].price).toBeLessThan(e.book.asks[0].price);
  });

  it('with the stream host down, REST keeps funding and depth fresh within budget; health DEGRADED over REST', async () => {
    t = await asterUnderTest({ ASTER_RATE_LIMIT_PER_MIN: '120' });
    t.fake.server.refuseUpgrades = true;
    await t.connector.start({ emit: () => undefined });
    await until(
      () => {
        const h = t!.connector.health();
        return (
          h.transport === 'REST' &&
          h.channels.find((c) => c.channel === 'DEPTH')?.stale === false &&
          h.channels.find((c) => c.channel === 'FUNDING')?.stale === false
        );
      },
      'fresh over REST',
      8000,
    );
    const h = t.connector.health();
    expect(h.status).toBe('DEGRADED');
    expect(t.fake.server.count('/fapi/v3/depth')).toBeGreaterThan(0);
    expect(t.fake.server.count('/fapi/v3/premiumIndex')).toBeGreaterThan(0);
    expect(t.fake.server.maxInWindow(60_000)).toBeLessThanOrEqual(120);
    const [f] = await t.connector.getFunding(['aster:ETH-USD-PERP']);
    expect(f).toMatchObject({ rate: -0.00002, ratePerHour: -0.0000025, intervalSource: 'DEFAULT_ASSUMED' });
  });

  it('falls back from v3 to v1 on 404', async () => {
    t = await asterUnderTest();
    t.fake.server.fault('/fapi/v3/exchangeInfo', { kind: 'status', status: 404 }, Infinity);
    await t.connector.start({ emit: () => undefined });
    await until(async () => (await t!.connector.listMarkets()).length === 3, 'markets via v1');
    expect(t.fake.server.count('/fapi/v1/exchangeInfo')).toBeGreaterThan(0);
  });

  it('backfills 90 days of funding history in pages within the budget, never refetching stored pages', async () => {
    t = await asterUnderTest({ ASTER_RATE_LIMIT_PER_MIN: '300' });
    t.fake.seedHistory('BTCUSDT', 90);
    t.fake.seedHistory('ETHUSDT', 90);
    t.fake.seedHistory('ASTERUSDT', 90, 4);
    const store = new SqliteHistoryStore(':memory:');
    await t.connector.start({ emit: () => undefined, history: store });
    await until(
      () =>
        store.latestTime('aster:ASTER-USD-PERP', 'VENUE_HISTORY') !== null &&
        store.latestTime('aster:BTC-USD-PERP', 'VENUE_HISTORY') !== null,
      'backfilled',
      10_000,
    );
    const now = Date.now();
    const h = await store.range('aster:BTC-USD-PERP', now - 90 * 86_400_000, now);
    expect(h.source).toBe('VENUE_HISTORY');
    expect(h.points.length).toBeGreaterThanOrEqual(270);
    expect(h.coverage).toBeGreaterThan(0.95);
    const a = await store.range('aster:ASTER-USD-PERP', now - 7 * 86_400_000, now);
    expect(a.points[1]!.time - a.points[0]!.time).toBe(4 * 3_600_000);
    const pages = t.fake.server.count('/fapi/v3/fundingRate');
    await new Promise((r) => setTimeout(r, 1500));
    expect(t.fake.server.count('/fapi/v3/fundingRate')).toBe(pages);
    expect(t.fake.server.maxInWindow(60_000)).toBeLessThanOrEqual(300);
    store.close();
  });
});
