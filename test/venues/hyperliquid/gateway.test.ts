import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Gateway } from '../../../src/gateway/server.js';
import { createHyperliquidConnector } from '../../../src/venues/hyperliquid/index.js';
import { until } from '../../contract/connector.contract.js';
import { FakeHyperliquid } from '../../fakes/hyperliquid/index.js';
import { gql, testGateway } from '../../gateway/harness.js';
import { FAST } from './setup.js';

describe('Hyperliquid through the gateway, mode=live over the fake', () => {
  let fake: FakeHyperliquid;
  let gw: Gateway;
  beforeAll(async () => {
    fake = await FakeHyperliquid.start();
    gw = await testGateway(
      {
        PERP_VENUES: 'hyperliquid',
        HYPERLIQUID_API_URL: fake.apiUrl,
        HYPERLIQUID_WS_URL: fake.wsUrl,
        HYPERLIQUID_RATE_LIMIT_PER_MIN: '20000',
        HYPERLIQUID_DEPTH_COINS: '2',
        PERP_CONNECTOR_MODE: 'live',
      },
      { factories: { hyperliquid: (args) => createHyperliquidConnector({ ...args, timings: FAST, watchdogMs: 800, timeoutMs: 500 }) } },
    );
    await until(
      async () => ((await gql<{ markets: unknown[] }>(gw.url, '{ markets(mode: LIVE) { id } }')).data?.markets.length ?? 0) === 5,
      'live markets',
    );
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('serves BTC LIVE with hourly funding by value, USDC margin, tiers and an order book', async () => {
    const r = await until(async () => {
      const q = await gql<{
        market: {
          venueSymbol: string;
          dataSource: string;
          marginAssets: string[];
          maxLeverage: number;
          leverageTiers: Array<{ maxLeverage: number; maintenanceMarginRate: number }>;
          funding: { ratePerHour: number; annualizedRate: number; intervalHours: number; freshness: { source: string } } | null;
          depth: { kind: string; bids: Array<{ price: number }> } | null;
        };
      }>(
        gw.url,
        `{ market(id: "hyperliquid:BTC-USD-PERP", mode: LIVE) { venueSymbol dataSource marginAssets maxLeverage
           leverageTiers { maxLeverage maintenanceMarginRate }
           funding { ratePerHour annualizedRate intervalHours freshness { source } } depth(levels: 5) { kind bids { price } } } }`,
      );
      const m = q.data?.market;
      return m?.funding && m.depth?.bids.length ? m : null;
    }, 'BTC funding and depth');
    expect(r).toMatchObject({ venueSymbol: 'BTC', dataSource: 'LIVE', marginAssets: ['USDC'], maxLeverage: 40 });
    expect(r.leverageTiers).toEqual([
      { maxLeverage: 40, maintenanceMarginRate: 0.0125 },
      { maxLeverage: 20, maintenanceMarginRate: 0.025 },
    ]);
    expect(r.funding).toMatchObject({ ratePerHour: 0.0000125, intervalHours: 1, freshness: { source: 'LIVE' } });
    expect(r.funding!.annualizedRate).toBeCloseTo(0.1095, 12);
    expect(r.depth).toMatchObject({
      kind: 'ORDER_BOOK',
      bids: [{ price: 104366 }, { price: 104365 }, { price: 104364 }, { price: 104363 }, { price: 104362 }],
    });
  });

  it('the orderBook subscription on a coin outside the depth set subscribes it and delivers venue frames', async () => {
    const client = createClient({ url: gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const got: number[] = [];
    const stop = client.subscribe(
      { query: 'subscription { orderBook(market: "hyperliquid:SOL-USD-PERP") { bids { price } } }' },
      {
        next: (m) => {
          const b = (m.data as { orderBook: { bids: Array<{ price: number }> } }).orderBook.bids[0];
          if (b) got.push(b.price);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await until(() => fake.subscribed().includes('SOL'), 'SOL subscribed at the venue');
    fake.setBook('SOL', [[150.5, 10]], [[150.6, 10]]);
    await until(() => got.includes(150.5), 'venue frame delivered');
    stop();
    await client.dispose();
  });
});

describe('Hyperliquid in mock mode', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await testGateway({ PERP_CONNECTOR_MODE: 'mock' });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('fundingSpreads(base: "BTC") pairs Hyperliquid with each of the other four venues', async () => {
    const r = await gql<{ fundingSpreads: Array<{ long: { venue: string }; short: { venue: string } }> }>(
      gw.url,
      '{ fundingSpreads(base: "BTC", limit: 100, includeStale: true) { long { venue } short { venue } } }',
    );
    const partners = new Set<string>();
    for (const s of r.data!.fundingSpreads) {
      if (s.long.venue === 'HYPERLIQUID') partners.add(s.short.venue);
      if (s.short.venue === 'HYPERLIQUID') partners.add(s.long.venue);
    }
    expect([...partners].sort()).toEqual(['ASTER', 'AVANTIS', 'JUPITER', 'SYNFUTURES']);
  });

  it('serves Hyperliquid mock markets through its own normalizer: hourly funding, USDC, order-book depth', async () => {
    const r = await gql<{
      market: {
        dataSource: string;
        marginAssets: string[];
        tickSize: number | null;
        funding: { intervalHours: number; capRate: number; predictedRate: number | null };
        depth: { kind: string; bids: unknown[] };
      };
    }>(
      gw.url,
      '{ market(id: "hyperliquid:BTC-USD-PERP", mode: MOCK) { dataSource marginAssets tickSize funding { intervalHours capRate predictedRate } depth(levels: 5) { kind bids { price } } } }',
    );
    expect(r.data!.market).toMatchObject({
      dataSource: 'MOCK',
      marginAssets: ['USDC'],
      tickSize: null,
      funding: { intervalHours: 1, capRate: 0.04 },
    });
    expect(r.data!.market.funding.predictedRate).not.toBeNull();
    expect(r.data!.market.depth.kind).toBe('ORDER_BOOK');
    expect(r.data!.market.depth.bids).toHaveLength(5);
  });
});
