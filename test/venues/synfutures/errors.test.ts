/** Typed RPC errors, block lag, the Observer fallback and config checks (docs/venues/synfutures.md §2, §13). */
import { afterEach, describe, expect, it } from 'vitest';
import type { Observed } from '../../contract/observe.js';
import type { FundingRate } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import { BASE, type FakeBase } from '../../fakes/base/index.js';
import { row } from '../../fakes/base/scenario.js';
import { synUnderTest } from './setup.js';

let fake: FakeBase;
let c: Observed;
afterEach(async () => {
  await c?.dispose();
  await fake?.close();
});

async function make(env: Record<string, string> = {}, before?: (f: FakeBase) => void) {
  ({ fake, connector: c } = await synUnderTest(env));
  before?.(fake);
  await c.start({ emit: () => undefined });
}
const code = () => c.health().lastError?.code;

describe('SynFutures RPC errors and freshness', () => {
  it('a JSON-RPC rate-limit error is RATE_LIMITED and pauses the venue', async () => {
    await make();
    await until(async () => (await c.listMarkets()).length > 0, 'markets');
    fake.rpcErrors.push({ code: -32005, message: 'request limit exceeded' }, { code: -32005, message: 'request limit exceeded' });
    const h = await until(() => (code() === 'RATE_LIMITED' ? c.health() : null), 'RATE_LIMITED');
    expect(h.lastError!.message).toMatch(/JSON-RPC rate limit \(-32005/);
    expect(h.rateLimit.lastRetryAfterMs).toBe(5000);
    expect(h.rateLimit.throttled).toBe(true);
  });

  it('one JSON-RPC error object answering a whole batch is typed as well', async () => {
    await make();
    await until(async () => (await c.listMarkets()).length > 0, 'markets');
    fake.server.fault(
      '/rpc',
      { kind: 'body', body: { jsonrpc: '2.0', id: null, error: { code: -32005, message: 'batch limit exceeded' } } },
      1,
    );
    const h = await until(() => (code() === 'RATE_LIMITED' ? c.health() : null), 'RATE_LIMITED from a batch-level error');
    expect(h.lastError!.message).toMatch(/-32005 batch limit exceeded/);
  });

  it('a reverted call is REVERTED with its reason, and the venue is DOWN with that error', async () => {
    await make({}, (f) => f.reverts.add(`${BASE.gate.toLowerCase()}:getAllInstruments`));
    const h = await until(() => (code() === 'REVERTED' ? c.health() : null), 'REVERTED');
    expect(h.lastError!.message).toMatch(/execution reverted \(getAllInstruments reverted\)/);
    expect(h.status).toBe('DOWN');
  });

  it('a failing Observer sub-call inside the multicall is typed REVERTED too', async () => {
    await make();
    await until(async () => (await c.listMarkets()).length > 0, 'markets');
    fake.reverts.add(`${BASE.observer.toLowerCase()}:getInstrumentByAddressList`);
    const h = await until(() => (code() === 'REVERTED' ? c.health() : null), 'REVERTED sub-call');
    expect(h.lastError!.message).toMatch(/getInstrumentByAddressList reverted \(getInstrumentByAddressList paused\)/);
    // A discovery cycle during the glitch keeps the markets listed instead of delisting them.
    const cycles = c.health().counters['discovery.REVERTED'] ?? 0;
    await until(() => (c.health().counters['discovery.REVERTED'] ?? 0) > cycles, 'a discovery cycle during the glitch');
    expect((await c.listMarkets()).map((m) => m.id)).toHaveLength(5);
    fake.reverts.clear();
    await until(() => c.health().consecutiveFailures === 0, 'recovers');
  });

  it('asOf is the block time: a lagging head leaves data stale and raises a STALE error', async () => {
    await make({ SYNFUTURES_MAX_BLOCK_LAG_MS: '20000' });
    await until(async () => (await c.listMarkets()).length > 0, 'markets');
    const old = { number: 29_999_000, timestamp: Math.floor(Date.now() / 1000) - 45 };
    fake.frozenHead = old;
    const f = await until(async () => {
      const x = (await c.getFunding(['synfutures:BTC-USD-PERP']))[0] as FundingRate;
      return x.stamp.asOf === old.timestamp * 1000 ? x : null;
    }, 'funding stamped with the frozen block time');
    expect(Date.now() - f.stamp.asOf).toBeGreaterThan(f.stamp.slaMs); // served as it is: stale by its own age
    const h = await until(() => (code() === 'STALE' ? c.health() : null), 'STALE');
    expect(h.lastError!.message).toMatch(/head block 29999000 is 4\d s old/);
    expect(h.counters['blockNumber']).toBe(29_999_000);
  });

  it('an instrument without fundingHour() falls back to 24 h, labelled DEFAULT_ASSUMED', async () => {
    await make({}, (f) => {
      f.get(row('ETH-USDC-LINK').address).fundingHour = null;
    });
    const f = await until(async () => {
      const x = (await c.getFunding(['synfutures:ETH-USD-PERP']))[0];
      return x instanceof Error ? null : x;
    }, 'ETH funding');
    expect(f).toMatchObject({ intervalHours: 24, intervalSource: 'DEFAULT_ASSUMED' });
    expect(f.ratePerHour).toBeCloseTo(-0.0004 / 24, 12);
  });

  it('falls back to the other known Base Observer when the configured one has no code, and says so', async () => {
    await make({}, (f) => {
      f.observerAt = BASE.observerOld;
    });
    await until(async () => (await c.listMarkets()).length === 5, 'markets via the fallback Observer');
    const src = c.health().sources.find((s) => s.name === 'observer')!;
    expect(src.status).toBe('FRAGILE');
    expect(src.reason).toMatch(
      /SYNFUTURES_OBSERVER_ADDRESS 0x16Ae\w+ unusable \(no contract code\); using the other known Base Observer 0xDb16/,
    );
  });

  it('falls back too when the configured Observer answers another ABI layout (decode check at startup)', async () => {
    await make({}, (f) => {
      f.observerAt = BASE.observerOld;
      f.driftedObserverAt = BASE.observer;
    });
    await until(async () => (await c.listMarkets()).length === 5, 'markets via the fallback Observer');
    const src = c.health().sources.find((s) => s.name === 'observer')!;
    expect(src.status).toBe('FRAGILE');
    expect(src.reason).toMatch(/unusable \(SCHEMA: getInstrumentByAddressList: returned data does not decode with the pinned ABI/);
  });

  it('a node on another chain is an INVALID_CONFIG error and nothing is served', async () => {
    await make({}, (f) => {
      f.chainId = 1;
    });
    const h = await until(() => (code() === 'INVALID_CONFIG' ? c.health() : null), 'INVALID_CONFIG');
    expect(h.lastError!.message).toBe('RPC chain id 1, expected SYNFUTURES_CHAIN_ID 8453');
    expect(h.status).toBe('DOWN');
    expect(await c.listMarkets()).toEqual([]);
  });
});
