/**
 * Defect 2 of issue 16: a subscription group used to keep one context (and so one `now`) for its whole life, so a
 * value arriving later was aged against the subscribe time. Every frame is now computed with the clock at send time.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { FundingRate } from '../../src/core/types.js';
import { UnavailableConnector } from '../../src/core/unavailable.js';
import type { Gateway } from '../../src/gateway/server.js';
import { until } from '../contract/connector.contract.js';
import { testGateway } from './harness.js';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const MIN = 60_000;

function funding(asOf: number): FundingRate {
  return {
    market: 'aster:BTC-USD-PERP',
    venue: 'aster',
    model: 'PERIODIC_FUNDING',
    rate: 0.0001,
    intervalHours: 8,
    intervalSource: 'VENUE_API',
    ratePerHour: 0.0001 / 8,
    annualizedRate: (0.0001 / 8) * 24 * 365,
    longRatePerHour: null,
    shortRatePerHour: null,
    longBorrowRatePerHour: null,
    shortBorrowRatePerHour: null,
    longCostPerHour: null,
    shortCostPerHour: null,
    longCostAnnualized: null,
    shortCostAnnualized: null,
    predictedRate: null,
    nextFundingTime: null,
    capRate: null,
    floorRate: null,
    provenance: null,
    stamp: { asOf, slaMs: 3 * MIN, source: 'MOCK' },
  };
}

type Frame = { fundingRates: { market: string; freshness: { asOf: string | number; ageMs: number; stale: boolean } } };

describe('subscription frames are aged at send time', () => {
  let gw: Gateway;
  let client: Client;
  let clock = T0;
  beforeAll(async () => {
    gw = await testGateway(
      { PERP_VENUES: 'aster', PERP_CONNECTOR_MODE: 'mock' },
      // A mock plane that emits nothing: the only funding on the bus is what the test publishes.
      { now: () => clock, mockFactory: (venue, o) => new UnavailableConnector(venue, 'silent mock plane', o.now) },
    );
    client = createClient({ url: gw.wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    await gw.close();
  });

  it('a funding value 5 minutes old with a 3-minute SLA arrives stale with ageMs 300 000, though the subscription began when it was fresh', async () => {
    const frames: Frame[] = [];
    const off = client.subscribe<Frame>(
      { query: 'subscription { fundingRates(markets: ["aster:BTC-USD-PERP"]) { market freshness { asOf ageMs stale } } }' },
      { next: (r) => r.data && frames.push(r.data as Frame), error: () => undefined, complete: () => undefined },
    );
    await until(() => gw.fanout.stats.groups === 1, 'subscription registered');
    // The subscription started at T0. The value was collected at T0 and is published 5 minutes later.
    clock = T0 + 5 * MIN;
    gw.app.bus.publish({ type: 'funding', venue: 'aster', funding: funding(T0), plane: 'mock' });
    const f = await until(() => frames[0], 'first frame');
    expect(f.fundingRates.market).toBe('aster:BTC-USD-PERP');
    expect(f.fundingRates.freshness.ageMs).toBe(5 * MIN);
    expect(f.fundingRates.freshness.stale).toBe(true);
    // A fresh value one minute later is aged against that minute, not the earlier frame's clock.
    clock = T0 + 6 * MIN;
    gw.app.bus.publish({ type: 'funding', venue: 'aster', funding: funding(T0 + 6 * MIN - 1000), plane: 'mock' });
    const g = await until(() => frames[1], 'second frame');
    expect(g.fundingRates.freshness.ageMs).toBe(1000);
    expect(g.fundingRates.freshness.stale).toBe(false);
    off();
  });
});
