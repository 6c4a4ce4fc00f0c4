import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Gateway } from '../../../src/gateway/server.js';
import { createAsterConnector } from '../../../src/venues/aster/index.js';
import { until } from '../../contract/connector.contract.js';
import { FakeAster } from '../../fakes/aster/index.js';
import { gql, testGateway } from '../../gateway/harness.js';
import { FAST } from './setup.js';

describe('Aster through the gateway', () => {
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
        PERP_CONNECTOR_MODE: 'live',
      },
      { factories: { aster: (args) => createAsterConnector({ ...args, timings: FAST, watchdogMs: 800, timeoutMs: 500 }) } },
    );
    await until(
      async () => ((await gql<{ markets: unknown[] }>(gw.url, '{ markets(mode: LIVE) { id } }')).data?.markets.length ?? 0) === 3,
      'live markets',
    );
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('mode=live returns Aster markets with source LIVE', async () => {
    fake.pushMarks();
    await until(async () => {
      const r = await gql<{ markets: Array<{ funding: { freshness: { source: string } } | null }> }>(
        gw.url,
        '{ markets(mode: LIVE) { funding { freshness { source } } } }',
      );
      return r.data!.markets.every((m) => m.funding?.freshness.source === 'LIVE');
    }, 'funding LIVE for all');
    const r = await gql<{
      market: {
        id: string;
        venueSymbol: string;
        dataSource: string;
        tickSize: number;
        funding: { ratePerHour: number; annualizedRate: number };
      };
    }>(
      gw.url,
      '{ market(id: "aster:BTC-USD-PERP", mode: LIVE) { id venueSymbol dataSource tickSize funding { ratePerHour annualizedRate } } }',
    );
    expect(r.data!.market).toMatchObject({ venueSymbol: 'BTCUSDT', dataSource: 'LIVE', tickSize: 0.1 });
    expect(r.data!.market.funding.annualizedRate).toBeCloseTo(0.1095, 10);
  });

  it('open interest carries its own read time and age', async () => {
    type M = {
      openInterest: { base: number | null; asOf: string | null; ageMs: number | null };
      depth: { bids: unknown[]; asks: unknown[]; flags: string[] } | null;
    };
    // The market list adds no demand (a single-market depth query would put ETH in the depth set).
    const q = '{ markets(mode: LIVE) { id openInterest { base asOf ageMs } depth(levels: 5) { bids { price } asks { price } flags } } }';
    fake.pushBookTickers();
    let m: M | null = null;
    await until(async () => {
      fake.pushMarks(Date.now());
      m = (await gql<{ markets: Array<M & { id: string }> }>(gw.url, q)).data!.markets.find((x) => x.id === 'aster:ETH-USD-PERP')!;
      return m.openInterest.base !== null && m.depth !== null;
    }, 'OI and book served');
    const got = m as unknown as M;
    expect(got.openInterest.base).toBe(120_000.5);
    expect(Date.now() - Date.parse(got.openInterest.asOf!)).toBeLessThan(60_000);
    expect(got.openInterest.ageMs).toBeGreaterThanOrEqual(0);
    expect(got.depth!.flags).toEqual(['HIDDEN_LIQUIDITY']); // in the depth set (top 10 of 3 symbols): a synced book
  });

  it('the orderBook subscription delivers a venue frame within 1 s', async () => {
    const client = createClient({ url: gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const got: Array<{ at: number; bid: number }> = [];
    const stop = client.subscribe(
      { query: 'subscription { orderBook(market: "aster:BTC-USD-PERP") { bids { price size } asks { price size } } }' },
      {
        next: (m) =>
          void got.push({ at: Date.now(), bid: (m.data as { orderBook: { bids: Array<{ price: number }> } }).orderBook.bids[0]!.price }),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await until(() => got.length > 0, 'initial book');
    const sent = Date.now();
    fake.pushDiff('BTCUSDT', [[100_000.45, 3]], []);
    const hit = await until(() => got.find((g) => g.bid === 100_000.45), 'frame delivered');
    expect(hit.at - sent).toBeLessThan(1000);
    stop();
    await client.dispose();
  });
});
