import { afterEach, describe, expect, it } from 'vitest';
import { TOP_OF_BOOK, type OrderBook } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import { createAsterConnector } from '../../../src/venues/aster/index.js';
import { FakeAster } from '../../fakes/aster/index.js';
import { gql, testGateway } from '../../gateway/harness.js';
import { asterUnderTest, FAST } from './setup.js';

type T = Awaited<ReturnType<typeof asterUnderTest>>;
let t: T | null = null;
afterEach(async () => {
  await t?.connector.dispose();
  await t?.fake.close();
  t = null;
});

const book = async (id: string): Promise<OrderBook | null> => {
  const [b] = await t!.connector.getBooks([id], 5);
  return b instanceof Error || !b ? null : b;
};

describe('Aster top of book from !bookTicker', () => {
  it('through GraphQL: depth of a market outside the depth set has one level and the TOP_OF_BOOK flag', async () => {
    const fake = await FakeAster.start();
    const gw = await testGateway(
      {
        PERP_VENUES: 'aster',
        ASTER_REST_URL: fake.restUrl,
        ASTER_WS_URL: fake.wsUrl,
        ASTER_DEPTH_SYMBOLS: '1',
        PERP_CONNECTOR_MODE: 'live',
      },
      { factories: { aster: (args) => createAsterConnector({ ...args, timings: FAST, watchdogMs: 800, timeoutMs: 500 }) } },
    );
    try {
      // The market list adds no demand (a single-market depth query would put the market in the depth set).
      const q = '{ markets(mode: LIVE) { id depth(levels: 5) { kind bids { price size } asks { price } flags } } }';
      type M = {
        id: string;
        depth: { kind: string; bids: Array<{ price: number; size: number }>; asks: unknown[]; flags: string[] } | null;
      };
      const eth = async () =>
        (await gql<{ markets: M[] }>(gw.url, q)).data?.markets.find((m) => m.id === 'aster:ETH-USD-PERP')?.depth ?? null;
      await until(async () => {
        fake.pushBookTickers();
        return (await eth()) !== null;
      }, 'ETH top of book over GraphQL');
      expect(await eth()).toEqual({
        kind: 'ORDER_BOOK',
        bids: [{ price: 3499.75, size: 1 }],
        asks: [{ price: 3500.75 }],
        flags: ['HIDDEN_LIQUIDITY', TOP_OF_BOOK],
      });
    } finally {
      await gw.close();
      await fake.close();
    }
  });

  it('symbols outside the depth set serve a one-level TOP_OF_BOOK book; the depth set keeps its synced depth-5 book', async () => {
    t = await asterUnderTest({ ASTER_DEPTH_SYMBOLS: '1' });
    await t.connector.start({ emit: () => undefined });
    await until(() => t!.fake.streams.includes('!bookTicker') && t!.fake.server.wsClients === 1, 'subscribed to !bookTicker');
    expect(t.fake.streams).toContain('btcusdt@depth@100ms');
    expect(t.fake.streams).not.toContain('ethusdt@depth@100ms');
    await until(async () => (await book('aster:BTC-USD-PERP'))?.bids.length === 5, 'BTC synced depth book');
    t.fake.pushBookTickers();
    await until(async () => (await book('aster:ETH-USD-PERP')) !== null, 'ETH top of book');
    const eth = (await book('aster:ETH-USD-PERP'))!;
    expect(eth.kind).toBe('ORDER_BOOK');
    expect(eth.flags).toEqual([TOP_OF_BOOK]);
    expect(eth.bids).toHaveLength(1);
    expect(eth.asks).toHaveLength(1);
    // The fake's ETH book: mark 3500.25, levels every 0.5 with size k at k ticks from mark.
    expect(eth.bids[0]).toMatchObject({ price: 3499.75, size: 1 });
    expect(eth.asks[0]).toMatchObject({ price: 3500.75, size: 1 });
    expect(eth.midPrice).toBeCloseTo(3500.25, 9);
    expect(eth.sequence).toBe('1000');
    // The synced BTC book is not overwritten by its ticker, and no REST weight was spent on the tickers.
    await new Promise((r) => setTimeout(r, 400));
    const btc = (await book('aster:BTC-USD-PERP'))!;
    expect(btc.bids).toHaveLength(5);
    expect(btc.flags).toBeUndefined();
    expect(t.fake.server.count('/fapi/v3/ticker/bookTicker') + t.fake.server.count('/fapi/v1/ticker/bookTicker')).toBe(0);
    expect(t.fake.server.requests.filter((r) => r.path.endsWith('/depth') && r.query.get('symbol') === 'ETHUSDT')).toEqual([]);
  });

  it('a malformed bookTicker frame is counted, never served', async () => {
    t = await asterUnderTest({ ASTER_DEPTH_SYMBOLS: '0' });
    await t.connector.start({ emit: () => undefined });
    await until(() => t!.fake.server.wsClients === 1, 'stream open');
    t.fake.server.broadcast({ stream: '!bookTicker', data: { e: 'bookTicker', s: 'ETHUSDT', b: '1' } });
    await until(() => (t!.connector.health().counters.malformedFrames ?? 0) >= 1, 'counted');
    expect(await book('aster:ETH-USD-PERP')).toBeNull();
  });
});
