/** Jupiter behind the real gateway: mode=live over the fake Solana node, /metrics counters, outage and per-venue fallback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/gateway/server.js';
import { SqliteHistoryStore } from '../../../src/store/history.js';
import { createJupiterConnector } from '../../../src/venues/jupiter/index.js';
import { until } from '../../contract/connector.contract.js';
import { FakeSolana } from '../../fakes/solana/index.js';
import { seedDefault, startOracleKeeper } from '../../fakes/solana/scenario.js';
import { gql, testGateway } from '../../gateway/harness.js';
import { seedApis } from './setup.js';

const T = {
  FUNDING: { cadenceMs: 300, slaMs: 3000 },
  MARK: { cadenceMs: 300, slaMs: 3000 },
  DEPTH: { cadenceMs: 250, slaMs: 3000 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

interface F {
  model: string;
  rate: number | null;
  ratePerHour: number | null;
  longRatePerHour: number | null;
  longBorrowRatePerHour: number | null;
  shortBorrowRatePerHour: number | null;
  longCostPerHour: number | null;
  shortCostPerHour: number | null;
  freshness: { source: string; stale: boolean };
  completeness: { missing: string[] };
}
interface M {
  id: string;
  dataSource: string;
  markPrice: number | null;
  funding: F | null;
  depth: { kind: string; asks: Array<{ price: number }> } | null;
}
const Q = (mode: string) =>
  `{ markets(venues: [JUPITER], mode: ${mode}) { id dataSource markPrice depth(levels: 5) { kind asks { price } } funding { model rate ratePerHour longRatePerHour longBorrowRatePerHour shortBorrowRatePerHour longCostPerHour shortCostPerHour freshness { source stale } completeness { missing } } } }`;

describe('Jupiter through the gateway', () => {
  let fake: FakeSolana;
  let gw: Gateway;
  beforeAll(async () => {
    fake = seedDefault(await FakeSolana.start());
    seedApis(fake);
    startOracleKeeper(fake, 200);
    gw = await testGateway(
      {
        PERP_VENUES: 'jupiter',
        ...fake.env(),
        JUPITER_RATE_LIMIT_PER_MIN: '600',
        JUPITER_API_RATE_LIMIT_PER_MIN: '600',
        JUPITER_RECONCILE_MS: '300',
      },
      {
        healthEveryMs: 100,
        sampleEveryMs: 200,
        history: new SqliteHistoryStore(':memory:'),
        factories: { jupiter: (args) => createJupiterConnector({ ...args, timings: T, watchdogMs: 800, timeoutMs: 500 }) },
      },
    );
    await until(async () => ((await gql<{ markets: M[] }>(gw.url, Q('LIVE'))).data?.markets.length ?? 0) === 3, 'live Jupiter markets');
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('mode=live returns the three markets with BORROW_FEE, rate null, per-side borrow and cost, source LIVE', async () => {
    const r = await until(async () => {
      const x = await gql<{ markets: M[] }>(gw.url, Q('LIVE'));
      return x.data?.markets.every((m) => m.funding?.freshness.source === 'LIVE' && m.depth) ? x.data.markets : null;
    }, 'LIVE funding and depth everywhere');
    expect(r.map((m) => m.id).sort()).toEqual(['jupiter:BTC-USD-PERP', 'jupiter:ETH-USD-PERP', 'jupiter:SOL-USD-PERP']);
    for (const m of r) {
      expect(m.dataSource).toBe('LIVE');
      expect(m.funding).toMatchObject({
        model: 'BORROW_FEE',
        rate: null,
        ratePerHour: null,
        longRatePerHour: null,
        shortBorrowRatePerHour: 0.000056369,
      });
      expect(m.funding!.longCostPerHour).toBe(m.funding!.longBorrowRatePerHour);
      expect(m.funding!.shortCostPerHour).toBe(0.000056369);
      expect(m.funding!.freshness.stale).toBe(false);
      expect(m.funding!.completeness.missing).toEqual(['annualizedRate', 'rate', 'ratePerHour']);
      expect(m.depth!.kind).toBe('SYNTHETIC');
    }
    const sol = r.find((m) => m.id === 'jupiter:SOL-USD-PERP')!;
    expect(sol.markPrice).toBe(191.25);
    expect(sol.funding!.longBorrowRatePerHour).toBe(0.000051369);
    expect(sol.depth!.asks[0]!.price).toBeCloseTo(191.25 * 1.0007, 9);
  });

  it('funding history: nothing to backfill, the gateway samples the per-side borrow rates (GATEWAY_SAMPLED)', async () => {
    type H = {
      market: {
        fundingHistory: {
          source: string;
          points: Array<{ ratePerHour: number; longCostPerHour: number | null; shortCostPerHour: number | null }>;
        };
      };
    };
    const h = await until(async () => {
      const x = await gql<H>(
        gw.url,
        '{ market(id: "jupiter:SOL-USD-PERP", mode: LIVE) { fundingHistory(window: D7) { source points { ratePerHour longCostPerHour shortCostPerHour } } } }',
      );
      return (x.data?.market.fundingHistory.points.length ?? 0) > 0 ? x.data!.market.fundingHistory : null;
    }, 'sampled history');
    expect(h.source).toBe('GATEWAY_SAMPLED');
    // For BORROW_FEE venues the long side's borrow rate stands in as ratePerHour (schema).
    expect(h.points[0]).toEqual({ ratePerHour: 0.000051369, longCostPerHour: 0.000051369, shortCostPerHour: 0.000056369 });
  });

  it('/metrics carries the stream counters (notifications, coalesced, dropped, queue depth)', async () => {
    await until(async () => (await (await fetch(`${gw.url}/metrics`)).text()).includes('name="stream.notifications"'), 'stream counters');
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    for (const n of ['stream.coalesced', 'stream.dropped', 'stream.queueDepth', 'stream.queueDepthMax'])
      expect(text).toMatch(new RegExp(`perp_connector_counter\\{venue="jupiter",name="${n.replace('.', '\\.')}"\\} \\d+`));
  });

  it('an RPC and WebSocket outage marks Jupiter DOWN with its error; auto falls back to mock, live never relabels', async () => {
    fake.server.fault('/rpc', { kind: 'status', status: 503 }, Infinity);
    fake.server.refuseUpgrades = true;
    fake.server.dropSockets();
    const down = await until(
      async () => {
        const x = await gql<{ connectors: Array<{ venue: string; status: string; lastError: { code: string } | null }> }>(
          gw.url,
          '{ connectors(mode: LIVE) { venue status lastError { code } } }',
        );
        const s = x.data?.connectors.find((c) => c.venue === 'JUPITER');
        return s?.status === 'DOWN' ? s : null;
      },
      'Jupiter DOWN',
      15_000,
    );
    expect(down.lastError?.code).toBe('HTTP_5XX');
    const auto = await gql<{ markets: Array<{ id: string; dataSource: string }> }>(
      gw.url,
      '{ markets(venues: [JUPITER]) { id dataSource } }',
    );
    expect(auto.data!.markets.length).toBeGreaterThan(0);
    expect(auto.data!.markets.every((m) => m.dataSource === 'MOCK')).toBe(true);
    const live = await gql<{ markets: M[] }>(gw.url, Q('LIVE'));
    expect(live.data!.markets.every((m) => m.dataSource === 'LIVE')).toBe(true);
    fake.server.clearFaults();
    fake.server.refuseUpgrades = false;
    await until(
      async () => {
        const x = await gql<{ markets: Array<{ dataSource: string }> }>(gw.url, '{ markets(venues: [JUPITER]) { dataSource } }');
        return x.data?.markets.length && x.data.markets.every((m) => m.dataSource === 'LIVE');
      },
      'Jupiter back to LIVE in auto',
      15_000,
    );
  });
});
