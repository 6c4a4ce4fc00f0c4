/**
 * Query-driven depth: a book asked for by Query.orderBook or Query.market { depth } is tracked by the live connector
 * (here Aster, which otherwise streams books only for its top ASTER_DEPTH_SYMBOLS by volume) until nobody has asked
 * for PERP_DEPTH_DEMAND_TTL_MS; list queries add no demand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { until } from '../contract/connector.contract.js';
import { FakeAster } from '../fakes/aster/index.js';
import { FAST } from '../venues/aster/setup.js';
import { gql, testGateway } from './harness.js';

type Book = { orderBook: { bids: Array<{ price: number }>; asks: Array<{ price: number }> } | null };
const Q = (id: string) => `{ orderBook(market: "${id}", levels: 3, mode: LIVE) { bids { price } asks { price } } }`;

describe('depth on demand from queries', () => {
  let fake: FakeAster;
  let gw: Gateway;
  beforeAll(async () => {
    fake = await FakeAster.start();
    gw = await testGateway(
      {
        PERP_VENUES: 'aster',
        ASTER_REST_URL: fake.restUrl,
        ASTER_WS_URL: fake.wsUrl,
        ASTER_RATE_LIMIT_PER_MIN: '600',
        ASTER_DEPTH_SYMBOLS: '1', // only BTCUSDT (top by volume) without demand
        PERP_CONNECTOR_MODE: 'live',
        PERP_DEPTH_DEMAND_TTL_MS: '1500',
      },
      { factories: { aster: (args) => createAsterConnector({ ...args, timings: FAST, watchdogMs: 800, timeoutMs: 500 }) } },
    );
    await until(async () => (await gql<Book>(gw.url, Q('aster:BTC-USD-PERP'))).data?.orderBook?.bids.length, 'the top market has a book');
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('a list query adds no demand', async () => {
    const r = await gql(gw.url, '{ markets(mode: LIVE) { id depth { kind } } }');
    expect(r.errors).toBeUndefined();
    expect(gw.app.demandedBooks.filter((id) => id !== 'aster:BTC-USD-PERP')).toEqual([]);
    expect(fake.streams).not.toContain('asterusdt@depth@100ms');
  });

  it('orderBook for an untracked market starts tracking it; the book is served; demand lapses after the TTL', async () => {
    const first = await gql<Book>(gw.url, Q('aster:ASTER-USD-PERP'));
    expect(first.errors).toBeUndefined();
    expect(gw.app.demandedBooks).toContain('aster:ASTER-USD-PERP');
    await until(() => fake.streams.includes('asterusdt@depth@100ms'), 'ASTERUSDT depth stream subscribed');
    const b = await until(async () => (await gql<Book>(gw.url, Q('aster:ASTER-USD-PERP'))).data?.orderBook, 'ASTER book served');
    expect(b.bids[0]!.price).toBeCloseTo(1.1199, 6); // the fake's book: mark 1.12 − 1 tick
    expect(b.asks[0]!.price).toBeCloseTo(1.1201, 6);
    await until(() => !gw.app.demandedBooks.includes('aster:ASTER-USD-PERP'), 'demand lapsed', 6000);
  });

  it('market(id) { depth } adds demand too', async () => {
    const r = await gql(gw.url, '{ market(id: "aster:ETH-USD-PERP", mode: LIVE) { depth(levels: 1) { kind } } }');
    expect(r.errors).toBeUndefined();
    expect(gw.app.demandedBooks).toContain('aster:ETH-USD-PERP');
    await until(() => fake.streams.includes('ethusdt@depth@100ms'), 'ETHUSDT depth stream subscribed');
  });
});
