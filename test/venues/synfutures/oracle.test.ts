/**
 * Oracle cross-check of SynFutures' oracle-backed markets (docs/venues/synfutures.md §8a): Chainlink on the fake Base
 * node vs Pyth on the fake Hermes; the deviation in bps, the flags at serve time, and a feed past its heartbeat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getAddress } from 'viem';
import type { MarketStats } from '../../../src/core/types.js';
import { oracleView } from '../../../src/oracles/deviation.js';
import { ORACLE_FEEDS } from '../../../src/venues/synfutures/constants.js';
import type { Observed } from '../../contract/observe.js';
import { until } from '../../contract/connector.contract.js';
import type { FakeBase } from '../../fakes/base/index.js';
import { row } from '../../fakes/base/scenario.js';
import { synUnderTest } from './setup.js';

let fake: FakeBase;
let c: Observed;
afterEach(async () => {
  await c?.dispose();
  await fake?.close();
});

const BTC = ORACLE_FEEDS.BTC!;
const ETH = ORACLE_FEEDS.ETH!;

async function statsWithOracle(id: string, ok: (s: MarketStats) => boolean = () => true): Promise<MarketStats> {
  return until(async () => {
    const s = (await c.getStats([id]))[0];
    return s && !(s instanceof Error) && s.oracle && ok(s) ? s : null;
  }, `${id} stats with an oracle check`);
}

describe('SynFutures oracle cross-check (Chainlink vs Pyth)', () => {
  it('a Chainlink price 2 % away from Pyth raises ORACLE_DEVIATION with oracleDeviationBps ≈ 200', async () => {
    ({ fake, connector: c } = await synUnderTest({ ORACLE_DEVIATION_BPS: '50' }));
    fake.aggregator(BTC.chainlink, 100_000 * 1.02).aggregator(ETH.chainlink, 3000);
    fake.hermes.set(BTC.pyth, 100_000).set(ETH.pyth, 3000.3);
    await c.start({ emit: () => undefined });
    const btc = await statsWithOracle('synfutures:BTC-USD-PERP', (s) => s.oracle!.deviationBps !== null);
    // |102 000 − 100 000| / 100 000 × 10 000 = 200 bps.
    expect(btc.oracle!.deviationBps).toBeCloseTo(200, 6);
    expect(btc.oracle!.thresholdBps).toBe(50);
    const [cl, py] = btc.oracle!.readings;
    expect(cl).toMatchObject({ source: 'CHAINLINK', feed: BTC.chainlink, price: 102_000, heartbeatMs: 1_200_000, error: null });
    expect(py).toMatchObject({ source: 'PYTH', feed: `0x${BTC.pyth}`, price: 100_000, error: null });
    const view = oracleView(btc.oracle!, Date.now());
    expect(view.flags).toEqual(['ORACLE_DEVIATION']);
    expect(view.readings.every((r) => !r.stale && r.ageMs !== null && r.ageMs < 60_000)).toBe(true);
    // ETH: |3000 − 3000.3| / 3000.3 ≈ 1 bp, under the threshold: no flag.
    const eth = await statsWithOracle('synfutures:ETH-USD-PERP', (s) => s.oracle!.deviationBps !== null);
    expect(eth.oracle!.deviationBps).toBeCloseTo((0.3 / 3000.3) * 10_000, 6);
    expect(oracleView(eth.oracle!, Date.now()).flags).toEqual([]);
    // Synthetic-index markets are not cross-checked.
    const emg = (await c.getStats(['synfutures:BTC-USD-PERP-EMG']))[0] as MarketStats;
    expect(emg.oracle ?? null).toBeNull();
    expect(c.health().sources.find((s) => s.name === 'oracle-chainlink')?.status).toBe('AVAILABLE');
    expect(c.health().sources.find((s) => s.name === 'oracle-pyth')?.status).toBe('AVAILABLE');
  });

  it('a Chainlink answer older than its feed heartbeat (1200 s) raises ORACLE_STALE', async () => {
    ({ fake, connector: c } = await synUnderTest());
    const now = Math.floor(Date.now() / 1000);
    fake.aggregator(BTC.chainlink, 100_000, now - 1_300);
    fake.hermes.set(BTC.pyth, 100_000);
    await c.start({ emit: () => undefined });
    const btc = await statsWithOracle('synfutures:BTC-USD-PERP', (s) => s.oracle!.readings[0]!.price !== null);
    const view = oracleView(btc.oracle!, Date.now());
    expect(view.flags).toEqual(['ORACLE_STALE']);
    expect(view.readings[0]!.stale).toBe(true);
    expect(view.readings[0]!.ageMs).toBeGreaterThan(1_200_000);
    expect(view.readings[1]!.stale).toBe(false);
    expect(view.deviationBps).toBe(0);
  });

  it('a feed that cannot be read leaves deviationBps null with the reason, and the venue keeps serving', async () => {
    ({ fake, connector: c } = await synUnderTest());
    fake.hermes.set(BTC.pyth, 100_000); // no aggregator at the Chainlink address: empty return data
    await c.start({ emit: () => undefined });
    const btc = await statsWithOracle('synfutures:BTC-USD-PERP');
    expect(btc.oracle!.deviationBps).toBeNull();
    expect(btc.oracle!.readings[0]!.error).toMatch(/^SCHEMA: Chainlink 0x64c9\w+\.decimals\(\): returned data does not decode/);
    expect(oracleView(btc.oracle!, Date.now()).flags).toEqual([]);
    expect(btc.markPrice).not.toBeNull();
  });
});

describe('SynFutures oracle cross-check reads the LINK feeder’s own aggregator', () => {
  it('uses PriceFeeder.aggregator0 and its heartbeat from the Observer when set, not the table', async () => {
    ({ fake, connector: c } = await synUnderTest());
    const own = '0x00000000000000000000000000000000000c1a1e' as const;
    fake.get(row('BTC-USDC-LINK').address).aggregator = { address: own, heartbeatS: 60 };
    fake.aggregator(own, 99_000, Math.floor(Date.now() / 1000) - 120); // 120 s old: past its own 60 s heartbeat
    fake.aggregator(BTC.chainlink, 100_000); // the table's feed: fresh, and not what the market uses
    fake.hermes.set(BTC.pyth, 100_000);
    await c.start({ emit: () => undefined });
    const btc = await statsWithOracle('synfutures:BTC-USD-PERP', (s) => s.oracle!.readings[0]!.price !== null);
    expect(btc.oracle!.readings[0]).toMatchObject({ feed: getAddress(own), price: 99_000, heartbeatMs: 60_000 });
    expect(btc.oracle!.deviationBps).toBeCloseTo(100, 6);
    expect(oracleView(btc.oracle!, Date.now()).flags).toEqual(['ORACLE_DEVIATION', 'ORACLE_STALE']);
    // ETH-USDC-LINK's feeder names no aggregator here: it is compared on the table's.
    fake.aggregator(ETH.chainlink, 3000);
    fake.hermes.set(ETH.pyth, 3000);
    const eth = await statsWithOracle('synfutures:ETH-USD-PERP', (s) => s.oracle!.readings[0]!.price !== null);
    expect(eth.oracle!.readings[0]).toMatchObject({ feed: ETH.chainlink, price: 3000, heartbeatMs: 1_200_000 });
  });
});
