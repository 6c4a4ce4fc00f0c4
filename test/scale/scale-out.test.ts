import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Gateway } from '../../src/gateway/server.js';
import { RedisLease } from '../../src/scale/leader.js';
import { RedisBus } from '../../src/scale/redis-bus.js';
import { PgHistoryStore } from '../../src/store/history-pg.js';
import { until } from '../contract/connector.contract.js';
import { createReferenceConnector, seedReferenceFake } from '../contract/reference-connector.js';
import { startFake, type FakeServer } from '../fakes/server.js';
import { gql, testGateway } from '../gateway/harness.js';
import { PG_URL, REDIS_URL, serviceMissing, uniq } from './services.js';

const redisMissing = await serviceMissing('redis');
const pgMissing = await serviceMissing('postgres');
const BUDGET = 120;
const LEASE_MS = 1500;
const timings = {
  FUNDING: { cadenceMs: 150, slaMs: 3000 },
  MARK: { cadenceMs: 150, slaMs: 3000 },
  DEPTH: { cadenceMs: 150, slaMs: 3000 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

describe.skipIf(redisMissing !== null)('two gateways in `all` role over real Redis, one fake venue', () => {
  const prefix = uniq('perptest');
  let fake: FakeServer;
  const nodes: Array<{ name: string; gw: Gateway; lease: RedisLease; bus: RedisBus }> = [];

  async function node(name: string) {
    const lease = new RedisLease({ url: REDIS_URL, id: name, leaseMs: LEASE_MS, prefix });
    const bus = new RedisBus({ url: REDIS_URL, prefix, tokenOf: (v) => lease.tokenOf(v) });
    await bus.whenReady();
    // Tag this process's venue requests so the fake can tell who calls it.
    const tagged = (input: string | URL, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-instance': name } });
    const gw = await testGateway(
      { PERP_VENUES: 'aster', PERP_CONNECTOR_MODE: 'live' },
      {
        bus,
        lease,
        factories: {
          aster: ({ io }) =>
            createReferenceConnector({ io: { ...io, fetch: tagged }, baseUrl: fake.url, budgetPerMinute: BUDGET, timings, timeoutMs: 500 }),
        },
        healthEveryMs: 200,
      },
    );
    const n = { name, gw, lease, bus };
    nodes.push(n);
    return n;
  }

  beforeAll(async () => {
    fake = await startFake();
    seedReferenceFake(fake);
    await node('A');
    await node('B');
  });
  afterAll(async () => {
    for (const n of nodes) {
      await n.gw.close();
      await n.bus.close();
    }
    await fake.close();
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length) await r.del(...keys);
    await r.quit();
  });

  it('exactly one process calls the venue; both serve the same LIVE data; subscribers on both get books; leader failover within one lease', async () => {
    await until(() => nodes.filter((n) => n.lease.tokenOf('aster') !== null).length === 1, 'one leader', 5000);
    const leader = nodes.find((n) => n.lease.tokenOf('aster') !== null)!;
    const follower = nodes.find((n) => n !== leader)!;
    const since = Date.now();
    await until(
      async () => {
        const rs = await Promise.all(
          nodes.map((n) =>
            gql<{ markets: Array<{ id: string; funding: { ratePerHour: number; freshness: { source: string } } | null }> }>(
              n.gw.url,
              '{ markets(mode: LIVE) { id funding { ratePerHour freshness { source } } } }',
            ),
          ),
        );
        return rs.every((r) => r.data?.markets.length === 2 && r.data.markets.every((m) => m.funding?.freshness.source === 'LIVE'));
      },
      'both serve LIVE',
      8000,
    );
    const a = await gql<{ market: { funding: { ratePerHour: number } } }>(
      leader.gw.url,
      '{ market(id: "aster:BTC-USD-PERP", mode: LIVE) { funding { ratePerHour } } }',
    );
    const b = await gql<{ market: { funding: { ratePerHour: number } } }>(
      follower.gw.url,
      '{ market(id: "aster:BTC-USD-PERP", mode: LIVE) { funding { ratePerHour } } }',
    );
    expect(b.data!.market.funding.ratePerHour).toBe(a.data!.market.funding.ratePerHour);
    // Followers open no connection to the venue, not even at start.
    const callers = new Set(fake.requests.map((r) => r.headers['x-instance']));
    expect([...callers]).toEqual([leader.name]);
    expect(since).toBeGreaterThan(0);
    // Health shows who leads.
    await until(
      async () =>
        (await gql<{ connectors: Array<{ leader: string | null }> }>(follower.gw.url, '{ connectors(mode: LIVE) { leader } }')).data
          ?.connectors[0]?.leader === leader.name,
      'follower health names the leader',
    );

    // Subscribers on both receive book updates.
    const got: Record<string, number> = { A: 0, B: 0 };
    const clients = nodes.map((n) => {
      const c = createClient({ url: n.gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
      c.subscribe(
        { query: 'subscription { orderBook(market: "aster:BTC-USD-PERP") { sequence } }' },
        { next: () => void got[n.name]!++, error: () => undefined, complete: () => undefined },
      );
      return c;
    });
    await until(() => got.A! >= 3 && got.B! >= 3, 'books on both', 8000);

    // Crash the leader (no release): the follower takes over within one lease period (+ one renew tick).
    const killedAt = Date.now();
    leader.lease.abandon();
    await leader.gw.close();
    await until(() => follower.lease.tokenOf('aster') !== null, 'follower leads', LEASE_MS * 2 + 1000);
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 1000);
    await until(
      () => fake.requests.some((r) => r.time > killedAt && r.headers['x-instance'] === follower.name),
      'new leader calls the venue',
      5000,
    );
    const before = got[follower.name]!;
    await until(() => got[follower.name]! > before + 2, 'books keep flowing after failover', 8000);
    for (const c of clients) await c.dispose();
    expect(fake.maxInWindow(60_000)).toBeLessThanOrEqual(BUDGET);
  });
});

describe.skipIf(pgMissing !== null)('PostgreSQL history', () => {
  it('history written before a restart is read after it; downsampling and migrations as in SQLite', async () => {
    const schema = uniq('perp');
    const now = Date.now();
    const a = new PgHistoryStore(PG_URL, { schema });
    await a.write('aster:BTC-USD-PERP', [
      {
        time: now - 120_000,
        rate: 0.0001,
        intervalHours: 8,
        ratePerHour: 0.0000125,
        longCostPerHour: 0.0000125,
        shortCostPerHour: -0.0000125,
        longBorrowPerHour: null,
        shortBorrowPerHour: null,
        source: 'GATEWAY_SAMPLED',
      },
      {
        time: now - 60_000,
        rate: 0.0002,
        intervalHours: 8,
        ratePerHour: 0.000025,
        longCostPerHour: 0.000025,
        shortCostPerHour: -0.000025,
        longBorrowPerHour: null,
        shortBorrowPerHour: null,
        source: 'GATEWAY_SAMPLED',
      },
      {
        time: now - 10 * 86_400_000,
        rate: null,
        intervalHours: null,
        ratePerHour: 0.00001,
        longCostPerHour: null,
        shortCostPerHour: null,
        longBorrowPerHour: null,
        shortBorrowPerHour: null,
        source: 'GATEWAY_SAMPLED',
      },
    ]);
    await a.downsample(now);
    await a.close();
    const b = new PgHistoryStore(PG_URL, { schema });
    expect(await b.schemaVersion()).toBe(2);
    const h = await b.range('aster:BTC-USD-PERP', now - 3_600_000, now);
    expect(h.points.map((p) => p.ratePerHour)).toEqual([0.0000125, 0.000025]);
    expect(h.summary.meanApr).toBeCloseTo(((0.0000125 + 0.000025) / 2) * 8760, 10);
    const old = await b.range('aster:BTC-USD-PERP', now - 30 * 86_400_000, now);
    expect(old.points).toHaveLength(3); // one hourly aggregate + two raw rows
    expect(await b.latestTime('aster:BTC-USD-PERP', 'GATEWAY_SAMPLED')).toBe(now - 60_000);
    await b.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await b.close();
  });
});
