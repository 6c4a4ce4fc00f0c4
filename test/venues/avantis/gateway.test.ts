/** Avantis behind the real gateway: mode=live over the fake venue, sampled funding history, outage → per-venue fallback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/gateway/server.js';
import { SqliteHistoryStore } from '../../../src/store/history.js';
import { createAvantisConnector } from '../../../src/venues/avantis/index.js';
import { until } from '../../contract/connector.contract.js';
import { FakeAvantis } from '../../fakes/avantis/index.js';
import { gql, testGateway } from '../../gateway/harness.js';
import { FAST } from './setup.js';

interface M {
  id: string;
  dataSource: string;
  marketHours: { isOpen: boolean };
  markPrice: number | null;
  funding: {
    model: string;
    rate: number | null;
    longRatePerHour: number | null;
    shortRatePerHour: number | null;
    longBorrowRatePerHour: number | null;
    longCostPerHour: number | null;
    freshness: { source: string };
  } | null;
  depth: { kind: string; model: string | null } | null;
}
const Q = (mode: string) =>
  `{ markets(venues: [AVANTIS], mode: ${mode}) { id dataSource marketHours { isOpen } markPrice
     funding { model rate longRatePerHour shortRatePerHour longBorrowRatePerHour longCostPerHour freshness { source } }
     depth(levels: 5) { kind model } } }`;

describe('Avantis through the gateway', () => {
  let fake: FakeAvantis;
  let gw: Gateway;
  beforeAll(async () => {
    fake = await FakeAvantis.start();
    gw = await testGateway(
      { PERP_VENUES: 'avantis', ...fake.env() },
      {
        healthEveryMs: 100,
        sampleEveryMs: 200,
        history: new SqliteHistoryStore(':memory:'),
        factories: { avantis: (args) => createAvantisConnector({ ...args, timings: FAST, timeoutMs: 500, watchdogMs: 1500 }) },
      },
    );
    await until(async () => ((await gql<{ markets: M[] }>(gw.url, Q('LIVE'))).data?.markets.length ?? 0) === 5, 'live Avantis markets');
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('mode=live returns the Avantis markets with FUNDING_PLUS_BORROW per side, oracle mark, synthetic depth, source LIVE', async () => {
    const ms = await until(async () => {
      const x = await gql<{ markets: M[] }>(gw.url, Q('LIVE'));
      return x.data?.markets.every((m) => m.funding?.freshness.source === 'LIVE' && m.markPrice !== null) ? x.data.markets : null;
    }, 'LIVE funding and marks everywhere');
    const eth = ms.find((m) => m.id === 'avantis:ETH-USD-PERP')!;
    expect(eth.dataSource).toBe('LIVE');
    expect(eth.markPrice).toBe(3500);
    expect(eth.funding).toMatchObject({
      model: 'FUNDING_PLUS_BORROW',
      rate: -0.000025,
      longRatePerHour: -0.000025,
      shortRatePerHour: 0.00002,
    });
    expect(eth.funding!.longCostPerHour).toBeCloseTo(-0.000025 + 0.0000114155251141552, 15);
    expect(eth.depth).toMatchObject({ kind: 'SYNTHETIC' });
    expect(eth.depth!.model).toMatch(/onePercentDepth/);
    expect(ms.find((m) => m.id === 'avantis:EUR-USD-PERP')!.marketHours.isOpen).toBe(false);
  });

  it('funding history is sampled by the gateway (GATEWAY_SAMPLED): Avantis publishes none', async () => {
    const h = await until(async () => {
      const x = await gql<{ fundingHistory: { source: string; points: Array<{ ratePerHour: number }> } }>(
        gw.url,
        '{ fundingHistory(market: "avantis:ETH-USD-PERP") { source points { ratePerHour } } }',
      );
      return (x.data?.fundingHistory.points.length ?? 0) > 0 ? x.data!.fundingHistory : null;
    }, 'sampled points');
    expect(h.source).toBe('GATEWAY_SAMPLED');
    expect(h.points[0]!.ratePerHour).toBeCloseTo(-0.000025, 15);
  });

  it('a data-API and socket outage marks Avantis DOWN in live mode; auto serves labelled mock data for it', async () => {
    fake.refuseSocket = true;
    fake.dropSockets();
    fake.data.fault('', { kind: 'status', status: 503 }, Infinity);
    fake.hermes.fault('', { kind: 'status', status: 503 }, Infinity);
    fake.dropSse();
    const down = await until(
      async () => {
        const x = await gql<{ connectors: Array<{ venue: string; status: string; lastError: { code: string } | null }> }>(
          gw.url,
          '{ connectors(mode: LIVE) { venue status lastError { code } } }',
        );
        const s = x.data?.connectors.find((c) => c.venue === 'AVANTIS');
        return s?.status === 'DOWN' ? s : null;
      },
      'Avantis DOWN',
      15_000,
    );
    expect(down.lastError?.code).toBe('HTTP_5XX');
    const auto = await gql<{ markets: Array<{ id: string; dataSource: string }> }>(
      gw.url,
      '{ markets(venues: [AVANTIS]) { id dataSource } }',
    );
    expect(auto.data!.markets.length).toBeGreaterThan(0);
    expect(auto.data!.markets.every((m) => m.dataSource === 'MOCK')).toBe(true);
    fake.data.clearFaults();
    fake.hermes.clearFaults();
    fake.refuseSocket = false;
    await until(
      async () => {
        const x = await gql<{ markets: Array<{ dataSource: string }> }>(gw.url, '{ markets(venues: [AVANTIS]) { dataSource } }');
        return x.data?.markets.length && x.data.markets.every((m) => m.dataSource === 'LIVE');
      },
      'Avantis back to LIVE in auto',
      15_000,
    );
  });
});
