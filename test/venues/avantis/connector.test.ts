/** The Avantis connector against the fake data API + Socket.IO + Pyth Hermes (+ optional GraphQL) servers. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Observed } from '../../contract/observe.js';
import type { ConnectorEvent, FundingRate, MarketStats, OrderBook } from '../../../src/core/types.js';
import { until } from '../../contract/connector.contract.js';
import type { FakeAvantis } from '../../fakes/avantis/index.js';
import { EUR_NEXT_OPEN, FEEDS } from '../../fakes/avantis/fixtures.js';
import { avantisUnderTest } from './setup.js';

const ETH = 'avantis:ETH-USD-PERP';
const BTC = 'avantis:BTC-USD-PERP';

let fake: FakeAvantis | null = null;
let conn: Observed | null = null;
const events: ConnectorEvent[] = [];

async function run(env: Record<string, string> = {}, o: Parameters<typeof avantisUnderTest>[1] = {}) {
  events.length = 0;
  const r = await avantisUnderTest(env, o);
  fake = r.fake;
  conn = r.connector;
  await conn.start({ emit: (e) => events.push(e) });
  return { fake: r.fake, c: r.connector };
}

afterEach(async () => {
  await conn?.dispose();
  await fake?.close();
  conn = fake = null;
});

const fundingOf = async (c: Observed, id: string) => {
  const [f] = await c.getFunding([id]);
  return f instanceof Error ? null : (f as FundingRate);
};
const statsOf = async (c: Observed, id: string) => {
  const [s] = await c.getStats([id]);
  return s instanceof Error ? null : (s as MarketStats);
};
/** Stats with an oracle price (stats without one, open interest only, come first since they need no price). */
const pricedOf = async (c: Observed, id: string) => {
  const s = await statsOf(c, id);
  return s && s.markPrice !== null ? s : null;
};
const source = (c: Observed, name: string) => c.health().sources.find((s) => s.name === name);

describe('Avantis connector over the fake venue', () => {
  it('lists the catalog’s markets (variants separate, retired/delisted skipped) with live funding, oracle mark and volume', async () => {
    const { c } = await run();
    const ids = (await c.listMarkets()).map((m) => m.id).sort();
    expect(ids).toEqual([
      'avantis:BTC-USD-PERP',
      'avantis:ETH-USD-PERP',
      'avantis:ETH-USD-PERP-UPSIDE',
      'avantis:EUR-USD-PERP',
      'avantis:SOL-USD-PERP',
    ]);
    const f = await until(() => fundingOf(c, ETH), 'ETH funding');
    expect(f.longRatePerHour).toBeCloseTo(-0.000025, 15);
    expect(f.stamp.source).toBe('LIVE');
    const s = await until(() => pricedOf(c, ETH), 'ETH stats');
    expect(s.markPrice).toBe(3500);
    expect(s.volume24hUsd).toBe(12_500_000); // history analytics endpoint, pair 0
    const eur = (await c.listMarkets()).find((m) => m.id === 'avantis:EUR-USD-PERP')!;
    expect(eur.marketHours).toEqual({ isOpen: false, nextOpen: EUR_NEXT_OPEN * 1000, nextClose: null });
    expect(eur.flags).toContain('MARKET_CLOSED');
    const [book] = await c.getBooks([ETH], 5);
    expect((book as OrderBook).kind).toBe('SYNTHETIC');
    await until(() => c.health().transport === 'WEBSOCKET', 'transport WEBSOCKET once the socket is up');
  });

  it('accepts /v2/trading wrapped in { data }', async () => {
    const { c } = await run({}, { before: (f) => (f.wrap = true) });
    expect((await c.listMarkets()).length).toBe(5);
  });

  it('a RES:DATA diff emitted by the fake changes the served funding within 2 s', async () => {
    const { fake, c } = await run();
    await until(() => fake.socketClients > 0 && c.health().transport === 'WEBSOCKET', 'socket connected');
    await until(() => fundingOf(c, BTC), 'BTC funding');
    const t0 = Date.now();
    fake.emitDiff({ pairInfos: { '1': { fundingRate: { long: 0.004, short: -0.0026666666666666666 }, coinOI: { long: 20, short: 30 } } } });
    const f = await until(
      async () => {
        const x = await fundingOf(c, BTC);
        return x && Math.abs(x.longRatePerHour! - 0.00004) < 1e-15 ? x : null;
      },
      'diffed funding served',
      2000,
    );
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(f.longBorrowRatePerHour).toBeCloseTo(0.000015, 15); // untouched fields keep their snapshot values
  });

  it('a Socket.IO disconnect triggers a fresh /v2/trading fetch before merging resumes', async () => {
    const { fake, c } = await run();
    await until(() => fake.socketClients > 0 && c.health().transport === 'WEBSOCKET', 'socket connected');
    await new Promise((r) => setTimeout(r, 300)); // older than the catalog gap (200 ms at these cadences)
    // A change the client can only learn from a new snapshot (no diff is sent for it).
    fake.patchSnapshot({ pairInfos: { '1': { marginFee: { long: 0.003, short: 0.003 } } } });
    const opens = c.health().counters['socket.opens'] ?? 0;
    const tDrop = Date.now();
    fake.dropSockets();
    await until(() => (c.health().counters['socket.opens'] ?? 0) > opens, 'socket reconnected', 8000);
    await until(() => fake.data.requests.some((r) => r.path === '/v2/trading' && r.time > tDrop), 'snapshot refetched after the reconnect');
    fake.emitDiff({ pairInfos: { '1': { fundingRate: { long: 0.005, short: -0.0033333333333333335 } } } });
    const f = await until(
      async () => {
        const x = await fundingOf(c, BTC);
        return x && Math.abs(x.longRatePerHour! - 0.00005) < 1e-15 ? x : null;
      },
      'diff merged after the fresh snapshot',
      4000,
    );
    expect(f.longBorrowRatePerHour).toBeCloseTo(0.00003, 15); // from the fresh snapshot
    expect(c.health().reconnects).toBeGreaterThan(0);
  });

  it('an oracle price pushed on the Hermes SSE stream changes the served mark and the synthetic book', async () => {
    const { fake, c } = await run();
    await until(() => fake.sseClients > 0, 'SSE connected');
    fake.setPrice(FEEDS.ETH, '360000000000');
    const s = await until(async () => ((await statsOf(c, ETH))?.markPrice === 3600 ? statsOf(c, ETH) : null), 'new mark', 2000);
    expect(s!.indexPrice).toBe(3600);
    const [b] = await c.getBooks([ETH], 5);
    expect((b as OrderBook).midPrice).toBe(3600);
    // Both ETH markets share the feed.
    expect((await statsOf(c, 'avantis:ETH-USD-PERP-UPSIDE'))?.markPrice).toBe(3600);
    expect(c.health().counters['hermes.sseEvents']).toBeGreaterThan(0);
  });

  it('Hermes 429 pauses Hermes calls (60 s without Retry-After) and health shows it', async () => {
    const { fake, c } = await run({}, { before: (f) => (f.ticking = false) });
    await until(() => pricedOf(c, ETH), 'first prices');
    fake.hermes.fault('/v2/updates', { kind: 'status', status: 429 }, Infinity);
    fake.dropSse(); // the stream reconnects into the 429
    const h = await until(() => {
      const x = c.health();
      return source(c, 'pyth-hermes')?.status === 'UNAVAILABLE' && (x.counters['hermes.rateLimited'] ?? 0) > 0 ? x : null;
    }, 'Hermes rate limit in health');
    expect(source(c, 'pyth-hermes')!.reason).toMatch(/RATE_LIMITED.*429/);
    expect(h.counters['hermes.pauseRemainingMs']).toBeGreaterThan(55_000);
    const n = fake.hermes.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.hermes.requests.length).toBe(n); // nothing sent to Hermes during the pause
    // The catalog keeps flowing from the data API.
    expect((await fundingOf(c, ETH))?.stamp.source).toBe('LIVE');
  });

  it('with the socket refused, the catalog is polled by REST: DEGRADED, transport REST, funding kept fresh', async () => {
    const { fake, c } = await run({}, { before: (f) => (f.refuseSocket = true) });
    await until(() => c.health().transport === 'REST' && c.health().status === 'DEGRADED', 'REST fallback');
    const n = fake.data.requests.filter((r) => r.path === '/v2/trading').length;
    fake.patchSnapshot({ pairInfos: { '0': { fundingRate: { long: -0.005, short: 0.004 } } } });
    await until(async () => (await fundingOf(c, ETH))?.longRatePerHour === -0.00005, 'polled change served', 3000);
    expect(fake.data.requests.filter((r) => r.path === '/v2/trading').length).toBeGreaterThan(n);
    expect(c.health().counters['catalog.restPolls']).toBeGreaterThan(0);
  });

  it('with /v2/trading failing and no socket, serves the labelled legacy catalog with funding null', async () => {
    const { c } = await run(
      {},
      {
        before: (f) => {
          f.refuseSocket = true;
          f.data.fault('/v2/trading', { kind: 'status', status: 404 }, Infinity);
        },
      },
    );
    const m = (await c.listMarkets()).find((x) => x.id === ETH)!;
    expect(m.flags).toContain('LEGACY_CATALOG');
    expect(m.marketHours.isOpen).toBe(true);
    const f = (await fundingOf(c, ETH))!;
    expect([f.longRatePerHour, f.shortRatePerHour, f.longCostPerHour]).toEqual([null, null, null]);
    expect(f.longBorrowRatePerHour).toBeCloseTo(0.0000114155251141552, 18);
    expect(f.provenance).toMatch(/legacy/);
    expect(source(c, 'data-api-v2')).toMatchObject({ status: 'UNAVAILABLE' });
    expect(source(c, 'legacy-catalog')).toMatchObject({ status: 'AVAILABLE' });
    const eur = (await c.listMarkets()).find((x) => x.id === 'avantis:EUR-USD-PERP')!;
    expect(eur.marketHours.isOpen).toBe(false); // snake_case attributes read
  });

  it('a malformed RES:DATA diff is typed and counted; the served values stay', async () => {
    const { fake, c } = await run();
    await until(() => fake.socketClients > 0 && c.health().transport === 'WEBSOCKET', 'socket connected');
    const before = await until(() => fundingOf(c, BTC), 'BTC funding');
    fake.emitRaw({ pairInfos: { '1': { fundingRate: { long: 'NaN?' } } } });
    fake.emitRaw([1, 2, 3]);
    await until(() => (c.health().counters['pairs.rejected'] ?? 0) > 0 && c.health().counters['errors.MALFORMED'], 'typed errors counted');
    expect((await fundingOf(c, BTC))!.longRatePerHour).toBe(before.longRatePerHour);
  });

  it('with AVANTIS_GRAPHQL_URL pointing at nothing: the GraphQL source is UNAVAILABLE with its reason, data still flows', async () => {
    const { c } = await run(); // the fake's default GraphQL URL is a closed port
    await until(() => source(c, 'graphql-analytics')?.status === 'UNAVAILABLE', 'GraphQL source unavailable');
    expect(source(c, 'graphql-analytics')!.reason).toMatch(/NETWORK.*perpMarkets.*no Avantis GraphQL API/);
    expect((await until(() => fundingOf(c, ETH), 'funding')).stamp.source).toBe('LIVE');
    expect(c.health().status).not.toBe('DOWN');
  });

  it('an endpoint that does not implement the queries is UNAVAILABLE too (typed, not mock)', async () => {
    const { c } = await run(
      {},
      {
        before: (f) => {
          f.graphqlUrl = `${f.data.url}/graphql`;
          f.data.route('POST', '/graphql', () => ({ errors: [{ message: 'Cannot query field "perpMarkets" on type "Query".' }] }));
        },
      },
    );
    await until(() => source(c, 'graphql-analytics')?.status === 'UNAVAILABLE', 'unavailable');
    expect(source(c, 'graphql-analytics')!.reason).toMatch(/does not answer this query/);
  });

  it('with a GraphQL server answering the three queries, it is AVAILABLE and supplies volume when the history endpoint does not', async () => {
    const { c } = await run({}, { graphql: true, before: (f) => f.data.fault('/v1/history', { kind: 'status', status: 404 }, Infinity) });
    await until(() => source(c, 'graphql-analytics')?.status === 'AVAILABLE', 'GraphQL source available');
    expect(source(c, 'history-volume')?.status).toBe('UNAVAILABLE');
    expect(c.health().counters['graphql.fundingRows']).toBe(5);
    const s = await until(async () => ((await statsOf(c, BTC))?.volume24hUsd ? statsOf(c, BTC) : null), 'BTC volume from GraphQL');
    expect(s!.volume24hUsd).toBe(7_777_000);
    expect((await statsOf(c, ETH))!.volume24hUsd).toBeNull(); // not answered for ETH: missing, never 0
  });
});
