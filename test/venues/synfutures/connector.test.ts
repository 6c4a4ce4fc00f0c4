/** The SynFutures connector over the fake Base node: discovery, values, depth, batching (docs/venues/synfutures.md §3, §7–§13). */
import { decodeFunctionData, getAddress, type Hex } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import type { Observed } from '../../contract/observe.js';
import type { FundingRate, MarketStats, OrderBook } from '../../../src/core/types.js';
import { MULTICALL3_ABI, OBSERVER_ABI } from '../../../src/venues/synfutures/abi.js';
import { until } from '../../contract/connector.contract.js';
import type { FakeBase } from '../../fakes/base/index.js';
import { instrumentOf, row, seriesOf } from '../../fakes/base/scenario.js';
import { FAST, synUnderTest } from './setup.js';

const SERVED = [
  'synfutures:BTC-ETH-PERP',
  'synfutures:BTC-USD-PERP',
  'synfutures:BTC-USD-PERP-EMG',
  'synfutures:ETH-USD-PERP',
  'synfutures:SOL-USD-PERP',
];

let fake: FakeBase;
let c: Observed;
afterEach(async () => {
  await c?.dispose();
  await fake?.close();
});

async function started(env: Record<string, string> = {}, timings = FAST) {
  ({ fake, connector: c } = await synUnderTest(env, { timings }));
  await c.start({ emit: () => undefined });
  await until(async () => (await c.listMarkets()).length > 0, 'markets');
}
const one = async <T>(p: Promise<Array<T | Error>>): Promise<T> => {
  const [x] = await p;
  if (x instanceof Error) throw x;
  return x as T;
};

describe('SynFutures discovery', () => {
  it('serves perpetual, tradable instruments only: the dated and the frozen ones never appear; paused placement is flagged', async () => {
    await started();
    const ms = await c.listMarkets();
    expect(ms.map((m) => m.id).sort()).toEqual(SERVED);
    expect(ms.map((m) => m.venueSymbol)).not.toContain('BTC-USDC-PYTH'); // dated expiry only
    expect(ms.map((m) => m.venueSymbol)).not.toContain('LINK-USDC-LINK'); // FROZEN
    const sol = ms.find((m) => m.id === 'synfutures:SOL-USD-PERP')!;
    expect(sol.flags).toContain('PLACE_PAUSED');
    expect(sol.marketHours.isOpen).toBe(true);
    const emg = ms.find((m) => m.id === 'synfutures:BTC-USD-PERP-EMG')!;
    expect(emg).toMatchObject({ venueSymbol: 'BTC-USDC-EMG', variant: 'EMG', symbol: 'BTC-USD' });
    expect(emg.flags).toEqual(expect.arrayContaining(['MARKET_TYPE_EMG', 'INDEX_SYNTHETIC']));
    expect(c.health()).toMatchObject({ transport: 'RPC', marketsReturned: 5 });
  });

  it('an instrument added to the Gate appears within one discovery cycle, without restart', async () => {
    await started();
    const added = Date.now();
    fake.add(instrumentOf(row('ARB-USDC-DEXV2')), seriesOf(row('ARB-USDC-DEXV2')));
    await until(async () => (await c.listMarkets()).some((m) => m.id === 'synfutures:ARB-USD-PERP-DEXV2'), 'ARB listed', 3000, 10);
    expect(Date.now() - added).toBeLessThanOrEqual(FAST.METADATA.cadenceMs * 1.1 + 400);
    const f = await until(async () => (await c.getFunding(['synfutures:ARB-USD-PERP-DEXV2']))[0] as FundingRate | Error, 'ARB funding');
    expect((f as FundingRate).rate).toBeCloseTo(-0.0009, 12);
  });

  it('discovers on demand when a client asks for an unknown SynFutures id', async () => {
    await started({}, { ...FAST, METADATA: { cadenceMs: 60_000, slaMs: 180_000 } });
    fake.add(instrumentOf(row('ARB-USDC-DEXV2')));
    const first = await c.getFunding(['synfutures:ARB-USD-PERP-DEXV2']);
    expect(first[0]).toBeInstanceOf(Error);
    c.watchBook('synfutures:ARB-USD-PERP-DEXV2');
    await until(async () => !((await c.getFunding(['synfutures:ARB-USD-PERP-DEXV2']))[0] instanceof Error), 'on-demand discovery', 2000);
    expect(c.health().counters['discovery.onDemand']).toBeGreaterThanOrEqual(1);
  });

  it('reads ≤ 10 instruments per Observer call, all batches of a tick in one Multicall3 request with the head block', async () => {
    ({ fake, connector: c } = await synUnderTest());
    for (let k = 0; k < 11; k++) {
      const r = {
        ...row('BTC-USDC-LINK'),
        symbol: `X${k}-USDC-LINK`,
        address: getAddress(`0x${(0xc0de00 + k).toString(16).padStart(40, '0')}`),
      };
      fake.add(instrumentOf(r));
    }
    await c.start({ emit: () => undefined });
    await until(async () => (await c.listMarkets()).length === 16, '16 markets');
    const since = Date.now();
    const tick = await until(() => {
      const r = fake.server.requests.find((q) => q.time >= since && q.path === '/rpc' && q.body.includes('eth_getBlockByNumber'));
      return r ? (JSON.parse(r.body) as Array<{ method: string; params: [{ data: Hex }] }>) : null;
    }, 'a state tick');
    expect(tick.map((x) => x.method)).toEqual(['eth_getBlockByNumber', 'eth_call']);
    const { args } = decodeFunctionData({ abi: MULTICALL3_ABI, data: tick[1]!.params[0].data });
    const sizes = args[0].map((sub) => (decodeFunctionData({ abi: OBSERVER_ABI, data: sub.callData }).args[0] as string[]).length);
    expect(sizes).toEqual([10, 6]);
  });
});

describe('SynFutures values from chain state', () => {
  it('serves native two-sided funding with fundingHour from the instrument and the block time as asOf', async () => {
    await started();
    const btc = await one(c.getFunding(['synfutures:BTC-USD-PERP']));
    expect(btc.rate).toBeCloseTo(0.0005, 12); // fair above mark: longs pay
    expect(btc.intervalHours).toBe(24);
    expect(btc.longRatePerHour).toBeCloseTo(0.0005 / 24, 12);
    expect(btc.shortRatePerHour).toBeCloseTo((-0.0005 * 35) / 28 / 24, 12); // shorts receive the longs' total over 28
    const eth = await one(c.getFunding(['synfutures:ETH-USD-PERP']));
    expect(eth).toMatchObject({ intervalHours: 8, intervalSource: 'VENUE_API' });
    expect(eth.rate).toBeCloseTo(-0.0004, 12);
    expect(eth.ratePerHour).toBeCloseTo(-0.0004 / 8, 12);
    expect(btc.stamp.asOf % 1000).toBe(0); // a block timestamp (seconds), not the local clock
    expect(Date.now() - btc.stamp.asOf).toBeLessThan(3000);
  });

  it('mark, index and per-side open interest in base and USD from the AMM position totals', async () => {
    await started();
    const s = await one<MarketStats>(c.getStats(['synfutures:BTC-USD-PERP']));
    const mark = 97212 / 1.0005;
    expect(s.markPrice).toBeCloseTo(mark, 6);
    expect(s.indexPrice).toBe(97180);
    expect(s.openInterest).toMatchObject({ longBase: 35, shortBase: 28, base: 63 });
    expect(s.openInterest.long).toBeCloseTo(35 * mark, 3);
    expect(s.openInterest.usd).toBeCloseTo(63 * mark, 3);
    expect(s.openInterest.provenance).toMatch(/Not the Observer amm\.openInterests/);
  });

  it('insurance fund, max leverage, MMR and fees per instrument with sources; WETH-quoted converted to USD', async () => {
    await started();
    const ms = await c.listMarkets();
    const btc = ms.find((m) => m.id === 'synfutures:BTC-USD-PERP')!;
    expect(btc.risk).toMatchObject({
      initialMarginRate: 0.03,
      maintenanceMarginRate: 0.015,
      insuranceFund: { balanceUsd: 182000, status: 'AVAILABLE' },
    });
    expect(btc.maxLeverage).toBeCloseTo(33.3333333333, 9);
    expect(btc.fees).toMatchObject({ taker: 0.0003, maker: -0.0001, source: 'VENUE_API' });
    const emg = ms.find((m) => m.id === 'synfutures:BTC-USD-PERP-EMG')!;
    expect(emg.fees).toMatchObject({ taker: 0.0009, maker: -0.0003 });
    expect(emg.maxLeverage).toBe(10);
    const weth = ms.find((m) => m.id === 'synfutures:BTC-ETH-PERP')!;
    const ethMark = (await one<MarketStats>(c.getStats(['synfutures:ETH-USD-PERP']))).markPrice!;
    expect(weth.marginAssets).toEqual(['WETH']);
    expect(weth.risk.insuranceFund.balanceUsd).toBeCloseTo(6.29 * ethMark, 6);
    expect(weth.risk.insuranceFund.source).toMatch(/WETH × ETH\/USD = mark of synfutures:ETH-USD-PERP/);
  });

  it('a watched market gets a native ORDER_BOOK from the on-chain ranges and limit orders, cross-checked against Instrument.inquire', async () => {
    await started({ SYNFUTURES_DEPTH_MARKETS: '0' });
    expect((await c.getBooks(['synfutures:BTC-ETH-PERP'], 5))[0]).toBeInstanceOf(Error);
    c.watchBook('synfutures:BTC-ETH-PERP');
    const b = await until(async () => {
      const x = (await c.getBooks(['synfutures:BTC-ETH-PERP'], 5))[0];
      return x instanceof Error ? null : (x as OrderBook);
    }, 'book');
    expect(b).toMatchObject({ kind: 'ORDER_BOOK', venue: 'synfutures' });
    expect(b.asks).toHaveLength(5);
    expect(b.midPrice).toBeCloseTo(28.521, 9);
    const ethMark = (await one<MarketStats>(c.getStats(['synfutures:ETH-USD-PERP']))).markPrice!;
    expect(b.asks[0]!.sizeUsd / (b.asks[0]!.size * b.asks[0]!.price)).toBeCloseTo(ethMark, 6);
    // Next depth tick probes inquire(±size) with the previous book: the deviation counter is published (centi-bps).
    await until(() => (c.health().counters['depth.inquireDeviationCentiBps'] ?? 0) > 0, 'a probe deviation');
    expect(c.health().counters['depth.inquireDeviationCentiBps']).toBeLessThanOrEqual(500);
    expect(c.health().counters['depth.inquireMismatch']).toBeUndefined();
  });

  it('is HEALTHY over RPC with every channel fresh (depth polled for the top markets by open interest)', async () => {
    await started();
    const h = await until(() => (c.health().status === 'HEALTHY' ? c.health() : null), 'HEALTHY');
    expect(h.channels.every((x) => !x.stale)).toBe(true);
    expect(h.sources.find((s) => s.name === 'rest-v4')?.status).toBe('DISABLED');
    expect(h.sources.find((s) => s.name === 'observer')?.status).toBe('AVAILABLE');
  });
});
