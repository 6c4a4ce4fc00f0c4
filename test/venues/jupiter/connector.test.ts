/** The Jupiter connector over the fake Solana node: values by hand, streaming, backpressure, fallback polling, errors. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Observed } from '../../contract/observe.js';
import type { FundingRate, MarketMeta, MarketStats, OrderBook } from '../../../src/core/types.js';
import { base58Encode } from '../../../src/venues/jupiter/base58.js';
import { DEFAULT_CUSTODIES, DEFAULT_POOL, DOVES_PROGRAM, PERPETUALS_PROGRAM } from '../../../src/venues/jupiter/constants.js';
import { until } from '../../contract/connector.contract.js';
import { encodePool } from '../../fakes/solana/encode.js';
import type { FakeSolana } from '../../fakes/solana/index.js';
import {
  CUSTODIES,
  custodyAccount,
  ETH_CUSTODY,
  MINTS,
  oracleAccount,
  ORACLES,
  setOraclePrice,
  SOL_CUSTODY,
  SOL_ORACLE,
  startOracleKeeper,
} from '../../fakes/solana/scenario.js';
import { jupUnderTest } from './setup.js';

const SOL = 'jupiter:SOL-USD-PERP';
const ETH = 'jupiter:ETH-USD-PERP';
const BTC = 'jupiter:BTC-USD-PERP';

let fake: FakeSolana;
let c: Observed;
afterEach(async () => {
  await c?.dispose();
  await fake?.close();
});

async function boot(env: Record<string, string> = {}, keeperMs: number | null = 200): Promise<void> {
  const u = await jupUnderTest(env);
  fake = u.fake;
  c = u.connector;
  if (keeperMs) startOracleKeeper(fake, keeperMs);
  await c.start({ emit: () => undefined });
  await until(async () => (await c.listMarkets()).length === 3, 'three markets');
}
const one = async <T>(p: Promise<Array<T | Error>>): Promise<T> => {
  const [x] = await p;
  if (x instanceof Error || x === undefined) throw x ?? new Error('missing');
  return x;
};
const mark = async (id = SOL) => (await one<MarketStats>(c.getStats([id]))).markPrice;

describe('Jupiter connector: values from the chain', () => {
  it('serves SOL, ETH and BTC (WBTC custody) with BORROW_FEE carry from the program integer curve', async () => {
    await boot();
    const markets = await c.listMarkets();
    expect(markets.map((m) => m.id).sort()).toEqual([BTC, ETH, SOL]);
    const f = await one<FundingRate>(c.getFunding([SOL]));
    // SOL util 56 %: apr = 1000 + ceil(5000 × 0.56 / 0.8) = 4500 bps → floor(450 000 000 / 8760) = 51 369
    // USDC util 63 %: apr = 1000 + ceil(3937.5) = 4938 bps → floor(493 800 000 / 8760) = 56 369
    expect(f).toMatchObject({
      model: 'BORROW_FEE',
      rate: null,
      ratePerHour: null,
      annualizedRate: null,
      longRatePerHour: null,
      shortRatePerHour: null,
      longBorrowRatePerHour: 0.000051369,
      shortBorrowRatePerHour: 0.000056369,
      longCostPerHour: 0.000051369,
      shortCostPerHour: 0.000056369,
      intervalHours: 1,
      stamp: { source: 'LIVE' },
    });
    expect(f.longCostAnnualized).toBeCloseTo(0.000051369 * 8760, 12);
    // ETH 47 %: 1000 + ceil(2937.5) = 3938 → 44 954; BTC 41 %: 1000 + ceil(2562.5) = 3563 → 40 673; shorts: the USDC custody
    const [fe, fb] = (await c.getFunding([ETH, BTC])) as FundingRate[];
    expect([fe!.longBorrowRatePerHour, fe!.shortBorrowRatePerHour]).toEqual([0.000044954, 0.000056369]);
    expect([fb!.longBorrowRatePerHour, fb!.shortBorrowRatePerHour]).toEqual([0.000040673, 0.000056369]);
  });

  it('mark/index from the Doves AG oracle, OI short native and long derived, fees, leverage and risk from the custody', async () => {
    await boot();
    const s = await one<MarketStats>(c.getStats([SOL]));
    expect(s.markPrice).toBe(191.25);
    expect(s.indexPrice).toBe(191.25);
    expect(s.openInterest.short).toBe(61_500_000);
    expect(s.openInterest.longBase).toBe(5_600_000);
    expect(s.openInterest.long).toBe(5_600_000 * 191.25);
    expect(s.openInterest.provenance).toMatch(/DERIVED/);
    expect((await one<MarketStats>(c.getStats([BTC]))).markPrice).toBe(97_240);
    const meta = (await c.listMarkets()).find((m) => m.id === SOL) as MarketMeta;
    expect(meta).toMatchObject({
      venueSymbol: SOL_CUSTODY,
      marginAssets: ['SOL', 'USDC', 'USDT', 'JupUSD'],
      fees: { maker: 0.0006, taker: 0.0006, source: 'VENUE_API' },
      maxLeverage: 500,
      tickSize: null,
      stepSize: null,
      minNotional: 10,
      risk: { maintenanceMarginRate: 0.002, insuranceFund: { balanceUsd: null, status: 'NOT_PUBLISHED' } },
    });
    expect(meta.fees.note).toMatch(/no maker\/taker/);
    expect(meta.risk.liquidationThreshold).toBeCloseTo(0.0026, 12);
    expect(meta.flags).toContain('UI_MAX_LEVERAGE_250');
    expect(meta.missing).toEqual(expect.arrayContaining(['tickSize', 'stepSize', 'risk.insuranceFund.balanceUsd']));
    expect((await c.listMarkets()).find((m) => m.id === BTC)!.marginAssets[0]).toBe('WBTC');
  });

  it('a synthetic fee ladder: level 1 = mark × (1 ± 7 bps), 5 levels, the model named', async () => {
    await boot();
    c.watchBook(SOL);
    const b = await one<OrderBook>(c.getBooks([SOL], 5));
    expect(b.kind).toBe('SYNTHETIC');
    expect(b.model).toMatch(/fee-ladder/);
    expect(b.asks).toHaveLength(5);
    expect(b.bids).toHaveLength(5);
    expect(b.asks[0]!.price).toBeCloseTo(191.25 * 1.0007, 9);
    expect(b.bids[0]!.price).toBeCloseTo(191.25 * 0.9993, 9);
    expect(b.asks[4]!.cumulativeSizeUsd).toBe(1_000_000);
  });

  it('24h volume from perps-api market-stats; the pool-info difference is recorded in health, the on-chain value served', async () => {
    await boot();
    const s = await until(
      async () => {
        const x = await one<MarketStats>(c.getStats([SOL]));
        return x.volume24hUsd !== null ? x : null;
      },
      'volume from market-stats',
      15_000,
    );
    expect(s.volume24hUsd).toBe(190_000_000.5);
    const h = await until(
      () => {
        const x = c.health();
        return x.sources.find((q) => q.name === 'perps-api')?.status === 'AVAILABLE' ? x : null;
      },
      'perps-api source',
      15_000,
    );
    const perps = h.sources.find((q) => q.name === 'perps-api')!;
    expect(perps.reason).toMatch(/jupiter:ETH-USD-PERP long: on-chain 0.004495 %\/h vs pool-info 0.0046/);
    expect(perps.reason).not.toMatch(/SOL-USD-PERP/);
    expect(h.counters['crosscheck.mismatch']).toBeGreaterThanOrEqual(1);
    expect((await one<FundingRate>(c.getFunding([ETH]))).longBorrowRatePerHour).toBe(0.000044954);
  });

  it('Price API v3 is a sanity band only: a divergence past JUPITER_PRICE_DIVERGENCE_BPS is recorded, the oracle served', async () => {
    // Spot vs oracle: SOL 191.2 vs 191.25 = 2.6 bps; ETH 3409 vs 3409.1 = 0.3 bps; BTC 97 300 vs 97 240 = 6.2 bps.
    await boot({ JUPITER_PRICE_DIVERGENCE_BPS: '5', JUPITER_PERPS_API_ENABLED: 'false' });
    const src = await until(() => {
      const x = c.health().sources.find((q) => q.name === 'price-api');
      return x?.status === 'AVAILABLE' ? x : null;
    }, 'price-api checked');
    expect(src.reason).toMatch(/jupiter:BTC-USD-PERP: oracle 97240 vs spot 97300 \(6\.2 bps\)/);
    expect(src.reason).not.toMatch(/SOL-USD-PERP|ETH-USD-PERP/);
    expect(c.health().counters['price.divergenceBps']).toBe(6);
    expect(await mark(BTC)).toBe(97_240);
    expect(
      fake.server.requests
        .find((r) => r.path === '/price/v3')!
        .query.get('ids')!
        .split(',')
        .sort(),
    ).toEqual([MINTS.ETH, MINTS.SOL, MINTS.WBTC].sort());
  });

  it('perps-api down: volume is missing (null), everything else is served and the RPC path stays healthy', async () => {
    const u = await jupUnderTest({ JUPITER_PRICE_CHECK_ENABLED: 'false' });
    fake = u.fake;
    c = u.connector;
    fake.server.fault('/v', { kind: 'status', status: 503 }, Infinity);
    await c.start({ emit: () => undefined });
    await until(() => c.health().sources.find((s) => s.name === 'perps-api')?.status === 'UNAVAILABLE', 'perps-api UNAVAILABLE', 15_000);
    expect((await one<MarketStats>(c.getStats([SOL]))).volume24hUsd).toBeNull();
    expect(c.health().lastError?.code ?? null).not.toBe('HTTP_5XX');
    expect(c.health().sources.find((s) => s.name === 'price-api')?.status).toBe('DISABLED');
  });
});

describe('Jupiter connector: streaming and backpressure', () => {
  it('an accountNotification for an oracle changes the served mark within 1 s', async () => {
    await boot();
    await until(() => fake.subscribers(SOL_ORACLE) > 0, 'subscribed to the SOL oracle');
    const t0 = Date.now();
    setOraclePrice(fake, SOL_ORACLE, 20_012_345_678n);
    await until(async () => (await mark()) === 200.12345678, 'new mark', 1000, 5);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(c.health().transport).toBe('WEBSOCKET');
  });

  it('a flood of 10 000 notifications in one second: memory flat, the newest slot wins, coalesced count in health', async () => {
    await boot({}, null);
    await until(() => fake.subscribers(SOL_ORACLE) > 0, 'subscribed');
    const spec = ORACLES[SOL_ORACLE]!;
    const base = fake.slot + 1_000;
    const frames = (i: number) => oracleAccount(spec.mint, 10_000_000_000n + BigInt(i)).data;
    const stale = oracleAccount(spec.mint, 1n).data; // out-of-order frames carry a price that must never be served
    const heap0 = process.memoryUsage().heapUsed;
    let outOfOrder = 0;
    let sent = 0;
    for (let batch = 0; batch < 10; batch++) {
      for (let i = 0; i < 1000; i++) {
        const n = batch * 1000 + i;
        if (n > 0 && n % 50 === 0) {
          fake.notify(SOL_ORACLE, stale, base + n - 10); // an older slot than one already delivered
          outOfOrder++;
        }
        fake.notify(SOL_ORACLE, frames(n), base + n);
        sent++;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const last = 10_000_000_000 + 9_999;
    await until(async () => (await mark()) === last / 1e8, 'mark = newest slot price', 3000, 10);
    const h = c.health();
    expect(sent).toBe(10_000);
    expect(h.counters['stream.notifications']).toBe(sent + outOfOrder);
    // Drained every 50 ms: nearly all of the 10 000 were coalesced; nothing queued beyond one entry per account.
    expect(h.counters['stream.coalesced']).toBeGreaterThan(9_000);
    expect(h.counters['stream.dropped']).toBe(outOfOrder);
    expect(h.counters['stream.queueDepthMax']).toBeLessThanOrEqual(12);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(64 * 1024 * 1024);
    expect(await mark()).not.toBe(1e-8);
  });

  it('an out-of-order notification (older slot) never replaces the held price', async () => {
    await boot({}, null);
    await until(() => fake.subscribers(SOL_ORACLE) > 0, 'subscribed');
    const s = setOraclePrice(fake, SOL_ORACLE, 19_500_000_000n);
    await until(async () => (await mark()) === 195, 'mark 195');
    setOraclePrice(fake, SOL_ORACLE, 18_000_000_000n, { slot: s - 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(await mark()).toBe(195);
    expect(c.health().counters['stream.olderSlotDropped']).toBe(1);
  });

  it('socket killed: polling keeps funding and depth inside their SLA; DEGRADED over RPC; back to WEBSOCKET after reconnect', async () => {
    await boot();
    c.watchBook(SOL);
    await until(() => c.health().transport === 'WEBSOCKET' && c.health().status === 'HEALTHY', 'healthy over the socket');
    fake.server.refuseUpgrades = true;
    fake.server.dropSockets();
    const degraded = await until(() => {
      const h = c.health();
      return h.status === 'DEGRADED' && h.transport === 'RPC' ? h : null;
    }, 'DEGRADED over RPC');
    expect(degraded.transport).toBe('RPC');
    // Past the 3 s SLA of funding and depth, served data stays fresh from polling.
    await new Promise((r) => setTimeout(r, 4000));
    const h = c.health();
    expect(h.status).toBe('DEGRADED');
    expect(h.transport).toBe('RPC');
    for (const ch of h.channels.filter((x) => x.channel !== 'METADATA')) expect(ch.stale, ch.channel).toBe(false);
    const f = await one<FundingRate>(c.getFunding([SOL]));
    const b = await one<OrderBook>(c.getBooks([SOL], 5));
    expect(Date.now() - f.stamp.asOf).toBeLessThan(f.stamp.slaMs);
    expect(Date.now() - b.stamp.asOf).toBeLessThan(b.stamp.slaMs);
    expect(h.counters['poll.fallback']).toBeGreaterThan(5);
    // Polls stay inside the RPC budget (600/min here): one getMultipleAccounts per depth tick (250 ms).
    expect(fake.server.maxInWindow(1000, '/rpc')).toBeLessThanOrEqual(10);
    fake.server.refuseUpgrades = false;
    await until(() => c.health().transport === 'WEBSOCKET' && c.health().status === 'HEALTHY', 'back on the socket', 15_000);
    expect(c.health().resyncs).toBeGreaterThanOrEqual(1);
  });
  it('a silent socket (open, answering pings, no notifications) past the watchdog also falls back to polling', async () => {
    await boot();
    await until(() => c.health().transport === 'WEBSOCKET', 'on the socket');
    const reconnects = c.health().reconnects;
    fake.server.stall(true);
    await until(() => c.health().transport === 'RPC', 'polling while silent', 3000);
    const before = fake.server.count('/rpc');
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.server.count('/rpc') - before).toBeGreaterThanOrEqual(3); // every 250 ms depth tick
    expect(Date.now() - (await one<FundingRate>(c.getFunding([SOL]))).stamp.asOf).toBeLessThan(3000);
    expect(c.health().reconnects).toBe(reconnects); // pongs keep the socket: no restart storm
    fake.server.stall(false);
    await until(() => c.health().transport === 'WEBSOCKET', 'back to the socket when notifications resume', 3000);
  });
});

describe('Jupiter connector: staleness and typed errors', () => {
  it('an oracle older than 60 s is served with stale: true on stats, funding and depth, and MARK degrades', async () => {
    await boot({}, null);
    const old = Math.floor(Date.now() / 1000) - 120;
    setOraclePrice(fake, SOL_ORACLE, 19_125_000_000n, { timestampSec: old });
    const h = await until(() => {
      const x = c.health();
      return x.lastError?.code === 'STALE' ? x : null;
    }, 'STALE in health');
    expect(h.lastError!.message).toMatch(
      /SOL-USD-PERP: Doves AG price is 1[12]\d s old \(limit 60 s; the account's maxAgPriceAgeSec is 60 s\)/,
    );
    expect(h.channels.find((x) => x.channel === 'MARK')!.stale).toBe(true);
    expect(h.status).toBe('DEGRADED');
    const f = await one<FundingRate>(c.getFunding([SOL]));
    expect(f.stamp.asOf).toBe(old * 1000);
    expect(Date.now() - f.stamp.asOf).toBeGreaterThan(f.stamp.slaMs);
    const b = await one<OrderBook>(c.getBooks([SOL], 5));
    expect(b.stamp.asOf).toBe(old * 1000);
    expect(await mark()).toBe(191.25); // served, never dropped
    expect((await one<FundingRate>(c.getFunding([ETH]))).stamp.asOf).toBeGreaterThan(old * 1000); // others unaffected
  });

  it('a notification that does not decode is a typed SCHEMA error counted in health; the previous record stays', async () => {
    await boot();
    await until(() => fake.subscribers(ETH_CUSTODY) > 0, 'subscribed');
    const bad = Buffer.from(custodyAccount(CUSTODIES[ETH_CUSTODY]!).data.subarray(0, 900));
    fake.set(ETH_CUSTODY, { owner: 'PERPHjGBqRHArX4DySjwM6UJHiR3sWAatqfdBS2qQJu', data: bad });
    const h = await until(() => (c.health().counters['decode.errors'] ? c.health() : null), 'decode error counted');
    expect(h.counters['decode.errors']).toBeGreaterThanOrEqual(1);
    expect((await one<FundingRate>(c.getFunding([ETH]))).longBorrowRatePerHour).toBe(0.000044954);
    const seen = await until(
      () => {
        const e = c.health().lastError;
        return e?.code === 'SCHEMA' ? e : null;
      },
      'SCHEMA',
      3000,
    );
    expect(seen.message).toMatch(/Custody: expected at least 1060 bytes, got 900/);
  });

  it('JSON-RPC -32005 is RATE_LIMITED (venue paused); a node far behind the highest slot is STALE', async () => {
    await boot();
    fake.rpcErrors.push({ code: -32005, message: 'Node is behind by 42 slots' });
    await until(() => c.health().counters['rpc.rateLimited'] === 1, 'rate limit counted');
    expect(c.health().rateLimit.lastRetryAfterMs).toBe(5000);
    expect(c.health().counters['errors.RATE_LIMITED']).toBeGreaterThanOrEqual(1);
    fake.slot -= 1_000; // a node that fell 1000 slots behind what we have seen
    const stale = await until(() => {
      const e = c.health().lastError;
      return e?.code === 'STALE' ? e : null;
    }, 'STALE slot');
    // The keeper advances the fake's slot meanwhile (and the 5 s pause delays the read), so the lag is under 1000 but past the limit of 150.
    expect(Number(/(\d+) slots behind the highest seen/.exec(stale.message)?.[1])).toBeGreaterThan(150);
    expect(c.health().counters['rpc.staleSlot']).toBeGreaterThanOrEqual(1);
  });

  it('a custody holding another mint than expected is not served (validated on chain) and discovery says why', async () => {
    const u = await jupUnderTest();
    fake = u.fake;
    c = u.connector;
    fake.set(SOL_CUSTODY, custodyAccount({ ...CUSTODIES[SOL_CUSTODY]!, mint: '3NZ9J7PruRTbTR3pAhD2rYV4PFbHzR24YgW5KGXHTBwE' }), {
      silent: true,
    });
    await c.start({ emit: () => undefined });
    await until(async () => (await c.listMarkets()).length === 2, 'two markets');
    expect((await c.listMarkets()).map((m) => m.id).sort()).toEqual([BTC, ETH]);
    const d = c.health().sources.find((s) => s.name === 'discovery')!;
    expect(d.status).toBe('FRAGILE');
    expect(d.reason).toMatch(/holds mint 3NZ9J7Pru.*expected So111/);
  });
});

describe('Jupiter connector: discovery from the pool', () => {
  const JUP_CUSTODY = base58Encode(Buffer.alloc(32, 7));
  const JUP_ORACLE = base58Encode(Buffer.alloc(32, 9));
  const JUP_MINT = 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN';

  async function listJup(env: Record<string, string>): Promise<void> {
    const u = await jupUnderTest(env);
    fake = u.fake;
    c = u.connector;
    await c.start({ emit: () => undefined });
    await until(async () => (await c.listMarkets()).length === 3, 'three markets');
    // The venue lists a new tradable custody: its account and oracle exist first, then the pool names it.
    fake.set(
      JUP_CUSTODY,
      custodyAccount({
        mint: JUP_MINT,
        decimals: 6,
        stable: false,
        owned: 10n ** 12n,
        locked: 4n * 10n ** 11n,
        shortsUsd6: 0n,
        oracle: JUP_ORACLE,
      }),
    );
    fake.set(JUP_ORACLE, { owner: DOVES_PROGRAM, data: oracleAccount(JUP_MINT, 55_000_000n).data });
    fake.set(DEFAULT_POOL, { owner: PERPETUALS_PROGRAM, data: encodePool('Pool', [...DEFAULT_CUSTODIES, JUP_CUSTODY], 1n) });
  }

  it('a custody the pool adds is served when its mint is named (JUPITER_EXTRA_MINTS), with its own oracle', async () => {
    await listJup({ JUPITER_EXTRA_MINTS: `${JUP_MINT}=JUP` });
    await until(async () => (await c.listMarkets()).some((m) => m.id === 'jupiter:JUP-USD-PERP'), 'JUP listed');
    const s = await until(async () => {
      const [x] = await c.getStats(['jupiter:JUP-USD-PERP']);
      return x instanceof Error ? null : x;
    }, 'JUP stats');
    expect(s!.markPrice).toBe(0.55);
    // util 40 %: apr = 1000 + ceil(5000 × 0.4 / 0.8) = 3500 → 39 954e-9 per hour
    expect((await one<FundingRate>(c.getFunding(['jupiter:JUP-USD-PERP']))).longBorrowRatePerHour).toBe(0.000039954);
    expect(fake.subscribers(JUP_ORACLE)).toBeGreaterThan(0);
  });

  it('an unnamed new mint is not invented: discovery says which env names it', async () => {
    await listJup({});
    const d = await until(() => {
      const x = c.health().sources.find((q) => q.name === 'discovery');
      return x?.status === 'FRAGILE' ? x : null;
    }, 'FRAGILE discovery');
    expect(d.reason).toContain(`JUPITER_EXTRA_MINTS=${JUP_MINT}=SYMBOL`);
    expect((await c.listMarkets()).map((m) => m.id)).not.toContain('jupiter:JUP-USD-PERP');
  });
});
