/** SynFutures behind the real gateway: live mode over the fake Base node, discovery, outage and per-venue fallback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/gateway/server.js';
import { ORACLE_FEEDS } from '../../../src/venues/synfutures/constants.js';
import { createSynfuturesConnector } from '../../../src/venues/synfutures/index.js';
import { until } from '../../contract/connector.contract.js';
import { createReferenceConnector, seedReferenceFake } from '../../contract/reference-connector.js';
import { FakeBase } from '../../fakes/base/index.js';
import { instrumentOf, row, seedDefault } from '../../fakes/base/scenario.js';
import { startFake, type FakeServer } from '../../fakes/server.js';
import { gql, testGateway } from '../../gateway/harness.js';

const T = {
  FUNDING: { cadenceMs: 200, slaMs: 2500 },
  MARK: { cadenceMs: 200, slaMs: 2500 },
  DEPTH: { cadenceMs: 250, slaMs: 2500 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

interface M {
  id: string;
  dataSource: string;
  venueSymbol: string;
  funding: { model: string; freshness: { source: string } } | null;
  risk: { insuranceFund: { balanceUsd: number | null; source: string } };
}
const Q = (mode: string) =>
  `{ markets(venues: [SYNFUTURES], mode: ${mode}) { id dataSource venueSymbol funding { model freshness { source } } risk { insuranceFund { balanceUsd source } } } }`;

describe('SynFutures through the gateway', () => {
  let base: FakeBase;
  let ref: FakeServer;
  let gw: Gateway;
  beforeAll(async () => {
    base = seedDefault(await FakeBase.start());
    ref = await startFake();
    seedReferenceFake(ref);
    gw = await testGateway(
      { PERP_VENUES: 'aster,synfutures', ...base.env() },
      {
        healthEveryMs: 100,
        factories: {
          synfutures: (args) => createSynfuturesConnector({ ...args, timings: T, timeoutMs: 500 }),
          aster: ({ io }) => createReferenceConnector({ io, baseUrl: ref.url, budgetPerMinute: 600, timings: T, timeoutMs: 500 }),
        },
      },
    );
    await until(async () => ((await gql<{ markets: M[] }>(gw.url, Q('LIVE'))).data?.markets.length ?? 0) === 5, 'live SynFutures markets');
  });
  afterAll(async () => {
    await gw.close();
    await base.close();
    await ref.close();
  });

  it('mode=live returns SynFutures markets with source LIVE', async () => {
    const r = await until(async () => {
      const x = await gql<{ markets: M[] }>(gw.url, Q('LIVE'));
      return x.data?.markets.every((m) => m.funding?.freshness.source === 'LIVE') ? x.data.markets : null;
    }, 'LIVE funding everywhere');
    expect(r.map((m) => m.id).sort()).toEqual([
      'synfutures:BTC-ETH-PERP',
      'synfutures:BTC-USD-PERP',
      'synfutures:BTC-USD-PERP-EMG',
      'synfutures:ETH-USD-PERP',
      'synfutures:SOL-USD-PERP',
    ]);
    expect(r.every((m) => m.dataSource === 'LIVE' && m.funding?.model === 'CONTINUOUS_FUNDING')).toBe(true);
    expect(r.find((m) => m.id === 'synfutures:BTC-ETH-PERP')!.risk.insuranceFund.source).toMatch(/WETH × ETH\/USD/);
  });

  it('an instrument added to the fake Gate appears in markets(venues: [SYNFUTURES]) within one discovery cycle', async () => {
    const t0 = Date.now();
    base.add(instrumentOf(row('ARB-USDC-DEXV2')));
    await until(
      async () => (await gql<{ markets: M[] }>(gw.url, Q('LIVE'))).data?.markets.some((m) => m.id === 'synfutures:ARB-USD-PERP-DEXV2'),
      'ARB in markets',
      4000,
      20,
    );
    expect(Date.now() - t0).toBeLessThanOrEqual(T.METADATA.cadenceMs * 1.1 + 500);
    const r = await gql<{ markets: M[] }>(gw.url, Q('LIVE'));
    expect(r.data!.markets.map((m) => m.venueSymbol)).not.toContain('BTC-USDC-PYTH'); // the dated instrument never appears
  });

  it('serves oracleDeviationBps, both prices with their ages, and ORACLE_DEVIATION in flags', async () => {
    base.aggregator(ORACLE_FEEDS.BTC!.chainlink, 98_000);
    base.hermes.set(ORACLE_FEEDS.BTC!.pyth, 100_000);
    const q = `{ market(id: "synfutures:BTC-USD-PERP") { flags oracleDeviationBps
      oracle { deviationBps thresholdBps flags readings { source price ageMs heartbeatMs stale error } } } }`;
    type R = {
      market: {
        flags: string[];
        oracleDeviationBps: number | null;
        oracle: { flags: string[]; readings: Array<{ source: string; price: number; ageMs: number; stale: boolean }> } | null;
      };
    };
    const m = await until(async () => {
      const x = (await gql<R>(gw.url, q)).data?.market;
      return x?.oracleDeviationBps != null ? x : null;
    }, 'oracleDeviationBps served');
    expect(m.oracleDeviationBps).toBeCloseTo(200, 6); // |98 000 − 100 000| / 100 000
    expect(m.flags).toContain('ORACLE_DEVIATION');
    expect(m.oracle!.flags).toEqual(['ORACLE_DEVIATION']);
    expect(m.oracle!.readings.map((r) => [r.source, r.price, r.stale])).toEqual([
      ['CHAINLINK', 98_000, false],
      ['PYTH', 100_000, false],
    ]);
    expect(m.oracle!.readings.every((r) => r.ageMs >= 0 && r.ageMs < 60_000)).toBe(true);
  });

  it('an RPC outage marks SynFutures DOWN with the error; auto falls back to mock for SynFutures only', async () => {
    base.server.fault('/rpc', { kind: 'status', status: 503 }, Infinity);
    const down = await until(
      async () => {
        const x = await gql<{ connectors: Array<{ venue: string; status: string; lastError: { code: string } | null }> }>(
          gw.url,
          '{ connectors(mode: LIVE) { venue status lastError { code } } }',
        );
        const s = x.data?.connectors.find((c) => c.venue === 'SYNFUTURES');
        return s?.status === 'DOWN' ? s : null;
      },
      'SynFutures DOWN',
      10_000,
    );
    expect(down.lastError?.code).toBe('HTTP_5XX');
    const auto = await gql<{ markets: Array<{ id: string; dataSource: string }> }>(gw.url, '{ markets { id dataSource } }');
    const syn = auto.data!.markets.filter((m) => m.id.startsWith('synfutures:'));
    const other = auto.data!.markets.filter((m) => m.id.startsWith('aster:'));
    expect(syn.length).toBeGreaterThan(0);
    expect(syn.every((m) => m.dataSource === 'MOCK')).toBe(true);
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((m) => m.dataSource === 'LIVE')).toBe(true);
    const live = await gql<{ markets: M[] }>(gw.url, Q('LIVE'));
    expect(live.data!.markets.every((m) => m.dataSource === 'LIVE')).toBe(true); // live mode never relabels as mock
    base.server.clearFaults();
    await until(
      async () => {
        const x = await gql<{ markets: Array<{ id: string; dataSource: string }> }>(
          gw.url,
          '{ markets(venues: [SYNFUTURES]) { id dataSource } }',
        );
        return x.data?.markets.every((m) => m.dataSource === 'LIVE');
      },
      'SynFutures back to LIVE in auto',
      10_000,
    );
  });
});
