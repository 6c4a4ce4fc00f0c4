/**
 * Avantis on-chain verification (docs/venues/avantis.md §2.2a): open interest and OI caps read from the trading
 * contracts on a fake Base node (viem multicall through the shared EVM transport) against the data API; a mismatch
 * flags the pair and shows in health; without an RPC, or without confirmed addresses, the source is UNAVAILABLE with
 * the reason and the venue keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFunctionData, encodeFunctionResult, type Hex } from 'viem';
import { AVANTIS_MULTICALL_ABI, AVANTIS_PAIR_STORAGE_ABI, comparePair } from '../../../src/venues/avantis/onchain.js';
import type { Observed } from '../../contract/observe.js';
import { until } from '../../contract/connector.contract.js';
import type { FakeAvantis } from '../../fakes/avantis/index.js';
import { FakeBase } from '../../fakes/base/index.js';
import { avantisUnderTest } from './setup.js';

const MULTICALL = '0xA7cFc43872F4D7B0E6141ee8c36f1F7FEe5d099e';
const PAIR_STORAGE = '0x5db3772136e5557EFE028Db05EE95C84D76faEC4';

let base: FakeBase | null = null;
let fake: FakeAvantis;
let c: Observed;
afterEach(async () => {
  await c?.dispose();
  await fake?.close();
  await base?.close();
  base = null;
});

/** Serve the Avantis contracts on the fake node: OI per pair index (USD) and a 25 M cap for every pair. */
function serveContracts(node: FakeBase, oi: Array<[number, number]>): void {
  const usdc = (x: number) => BigInt(Math.round(x * 1e6));
  node.contracts.set(MULTICALL.toLowerCase(), (data: Hex) => {
    decodeFunctionData({ abi: AVANTIS_MULTICALL_ABI, data });
    return encodeFunctionResult({
      abi: AVANTIS_MULTICALL_ABI,
      functionName: 'getLongShortRatios',
      result: [oi.map(([l]) => usdc(l)), oi.map(([, s]) => usdc(s))],
    });
  });
  node.contracts.set(PAIR_STORAGE.toLowerCase(), (data: Hex) => {
    decodeFunctionData({ abi: AVANTIS_PAIR_STORAGE_ABI, data });
    return encodeFunctionResult({ abi: AVANTIS_PAIR_STORAGE_ABI, functionName: 'pairMaxOI', result: usdc(25_000_000) });
  });
}

/** The fixture catalog's OI (test/fakes/avantis/fixtures.ts) by pair index 0…6. */
const API_OI: Array<[number, number]> = [
  [350_000, 437_500],
  [1_800_000, 2_700_000],
  [50_000, 50_000],
  [0, 150_000],
  [10_000, 0],
  [0, 0],
  [0, 0],
];

const source = () => c.health().sources.find((s) => s.name === 'onchain-verify');
const env = (rpc: string) => ({
  AVANTIS_BASE_RPC_URL: rpc,
  AVANTIS_ONCHAIN_MULTICALL_ADDRESS: MULTICALL,
  AVANTIS_ONCHAIN_PAIR_STORAGE_ADDRESS: PAIR_STORAGE,
});

describe('Avantis on-chain verification', () => {
  it('chain values that match the data API leave the source AVAILABLE and no flag', async () => {
    base = await FakeBase.start();
    serveContracts(base, API_OI);
    ({ fake, connector: c } = await avantisUnderTest(env(base.rpcUrl)));
    await c.start({ emit: () => undefined });
    const s = await until(() => (source()?.status === 'AVAILABLE' ? source() : null), 'verified');
    expect(s!.reason).toMatch(/^5 pairs match the data API within 100 bps/);
    expect(c.health().counters['onchain.mismatches']).toBe(0);
    expect((await c.listMarkets()).some((m) => m.flags.includes('ONCHAIN_MISMATCH'))).toBe(false);
  });

  it('an open-interest mismatch beyond tolerance flags the pair and shows in health', async () => {
    base = await FakeBase.start();
    const oi = API_OI.map((x) => [...x] as [number, number]);
    oi[1] = [1_900_000, 2_700_000]; // BTC long: chain 1.9 M vs API 1.8 M, 526 bps
    serveContracts(base, oi);
    ({ fake, connector: c } = await avantisUnderTest(env(base.rpcUrl)));
    await c.start({ emit: () => undefined });
    const s = await until(() => (source()?.status === 'FRAGILE' ? source() : null), 'mismatch');
    expect(s!.reason).toBe(
      '1 pair(s) differ from the data API beyond 100 bps: avantis:BTC-USD-PERP: OI long chain 1900000.00 vs api 1800000.00 (526 bps)',
    );
    expect(c.health().counters['onchain.mismatches']).toBe(1);
    const ms = await until(async () => {
      const x = await c.listMarkets();
      return x.some((m) => m.flags.includes('ONCHAIN_MISMATCH')) ? x : null;
    }, 'flagged metadata');
    expect(ms.filter((m) => m.flags.includes('ONCHAIN_MISMATCH')).map((m) => m.id)).toEqual(['avantis:BTC-USD-PERP']);
    // The primary path is untouched: the venue turns HEALTHY while the source stays FRAGILE.
    await until(() => c.health().status === 'HEALTHY', 'HEALTHY');
    expect(source()!.status).toBe('FRAGILE');
  });

  it('with no RPC the source is UNAVAILABLE with the reason and the venue still serves', async () => {
    ({ fake, connector: c } = await avantisUnderTest(env('none')));
    await c.start({ emit: () => undefined });
    await until(async () => (await c.listMarkets()).length > 0, 'markets');
    expect(source()).toMatchObject({ status: 'UNAVAILABLE', reason: 'no Base RPC (AVANTIS_BASE_RPC_URL=none)' });
  });

  it('an unreachable RPC is UNAVAILABLE with its typed error; the venue keeps serving', async () => {
    ({ fake, connector: c } = await avantisUnderTest(env('http://127.0.0.1:9/rpc')));
    await c.start({ emit: () => undefined });
    const s = await until(() => (source()?.status === 'UNAVAILABLE' ? source() : null), 'UNAVAILABLE');
    expect(s!.reason).toMatch(/^(NETWORK|TIMEOUT): /);
    expect((await c.listMarkets()).length).toBeGreaterThan(0);
    expect(c.health().status).not.toBe('DOWN');
  });

  it('by default (addresses unconfirmed for v2) nothing is read and the source says why', async () => {
    ({ fake, connector: c } = await avantisUnderTest());
    await c.start({ emit: () => undefined });
    await until(async () => (await c.listMarkets()).length > 0, 'markets');
    expect(source()!.status).toBe('UNAVAILABLE');
    expect(source()!.reason).toMatch(/^contract ABI not confirmed for the v2 contracts \(docs\/venues\/avantis\.md §2\.2a/);
  });
});

describe('comparePair', () => {
  const p = { from: 'BTC', to: 'USD', openInterest: { long: 1000, short: 2000 }, pairMaxOI: 10_000 };
  it('within tolerance, or under a dollar, is no difference', () => {
    expect(comparePair(p, { long: 1005, short: 2000.5, maxOi: 10_000 }, 100)).toEqual([]);
  });
  it('beyond tolerance names the field, both values and the bps', () => {
    expect(comparePair(p, { long: 1000, short: 2100, maxOi: 9000 }, 100)).toEqual([
      'OI short chain 2100.00 vs api 2000.00 (476 bps)',
      'pairMaxOI chain 9000.00 vs api 10000.00 (1000 bps)',
    ]);
  });
});
