/**
 * Two in-process gateways in `all` role over real Redis (and PostgreSQL), each with its own Redis connections and
 * lease, against one generic fake venue served by the reference connector (test/contract/reference-connector.ts):
 * the rate budget is handed over with the lease, and only the leader samples funding history, which every replica
 * serves. The separate-process acceptance test is processes.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/server.js';
import { RedisLease } from '../../src/scale/leader.js';
import { RedisBus } from '../../src/scale/redis-bus.js';
import { PgHistoryStore } from '../../src/store/history-pg.js';
import type { FundingPoint } from '../../src/core/types.js';
import { UnavailableConnector } from '../../src/core/unavailable.js';
import { until } from '../contract/connector.contract.js';
import { createReferenceConnector, seedReferenceFake } from '../contract/reference-connector.js';
import { startFake, type FakeServer } from '../fakes/server.js';
import { gql, testGateway } from '../gateway/harness.js';
import { PG_URL, REDIS_URL, dropPgSchema, dropRedisPrefix, serviceMissing, uniq } from './services.js';

const redisMissing = await serviceMissing('redis');
const pgMissing = redisMissing ? 'redis missing' : await serviceMissing('postgres');
const LEASE_MS = 1000;
const timings = {
  FUNDING: { cadenceMs: 100, slaMs: 3000 },
  MARK: { cadenceMs: 100, slaMs: 3000 },
  DEPTH: { cadenceMs: 100, slaMs: 3000 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};

class CountingPgStore extends PgHistoryStore {
  writes = 0;
  override async write(market: string, points: FundingPoint[]): Promise<void> {
    this.writes += points.length;
    return super.write(market, points);
  }
}

interface Node {
  name: string;
  gw: Gateway;
  lease: RedisLease;
  bus: RedisBus;
  history: CountingPgStore | null;
}

describe.skipIf(redisMissing !== null)('two in-process gateways over real Redis, one fake venue', () => {
  let fake: FakeServer | null = null;
  const nodes: Node[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      await n.gw.close();
      await n.bus.close();
      await n.history?.close();
    }
    await fake?.close();
    for (const d of drops.splice(0)) await d();
  });

  async function node(name: string, o: { prefix: string; budget: number; schema?: string }): Promise<Node> {
    const lease = new RedisLease({ url: REDIS_URL, id: name, leaseMs: LEASE_MS, prefix: o.prefix });
    const bus = new RedisBus({ url: REDIS_URL, prefix: o.prefix, tokenOf: (v) => lease.tokenOf(v) });
    const history = o.schema ? new CountingPgStore(PG_URL, { schema: o.schema }) : null;
    // Tag this node's venue requests so the fake can tell who calls it.
    const tagged = (input: string | URL, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-instance': name } });
    const gw = await testGateway(
      { PERP_VENUES: 'aster', PERP_CONNECTOR_MODE: 'live', PERP_HTTP_RATE_LIMIT_PER_MIN: '0' },
      {
        bus,
        lease,
        ...(history ? { history } : {}),
        factories: {
          aster: ({ io }) =>
            createReferenceConnector({
              io: { ...io, fetch: tagged },
              baseUrl: fake!.url,
              budgetPerMinute: o.budget,
              timings,
              timeoutMs: 500,
            }),
        },
        // This test is about the live plane: no mock datasets.
        mockFactory: (venue, { now }) => new UnavailableConnector(venue, 'no mock plane in this test', now),
        healthEveryMs: 100,
        sampleEveryMs: 150,
      },
    );
    const n = { name, gw, lease, bus, history };
    nodes.push(n);
    return n;
  }

  async function pair(o: { budget: number; schema?: string }): Promise<[Node, Node]> {
    const prefix = uniq('perpinproc');
    drops.push(() => dropRedisPrefix(prefix));
    fake = await startFake();
    seedReferenceFake(fake);
    const a = await node('A', { prefix, ...o });
    const b = await node('B', { prefix, ...o });
    await until(() => [a, b].filter((n) => n.lease.tokenOf('aster') !== null).length === 1, 'one leader', 5000);
    return a.lease.tokenOf('aster') !== null ? [a, b] : [b, a];
  }

  it('a new leader inherits the rolling request log: the venue never sees more than one budget across a crash', async () => {
    const BUDGET = 20;
    const [leader, follower] = await pair({ budget: BUDGET });
    // The reference connector wants ~40 requests a second: the leader spends the whole budget at once.
    await until(() => fake!.count() >= BUDGET, 'leader spent its budget', 5000);
    await new Promise((r) => setTimeout(r, 250)); // at least one rate-log save (every health tick, 100 ms)
    expect(fake!.requests.filter((r) => r.headers['x-instance'] === follower.name)).toEqual([]);

    leader.lease.abandon(); // crash: no release
    await leader.gw.close();
    await until(() => follower.lease.tokenOf('aster') !== null, 'follower leads', LEASE_MS * 3);
    await new Promise((r) => setTimeout(r, 800)); // unseeded, it would spend another full budget here
    expect(fake!.maxInWindow(60_000)).toBeLessThanOrEqual(BUDGET);
    const h = await gql<{ connectors: Array<{ leader: string; rateLimit: { remaining: number; throttled: boolean } }> }>(
      follower.gw.url,
      '{ connectors(mode: LIVE) { leader rateLimit { remaining throttled } } }',
    );
    expect(h.data?.connectors[0]).toMatchObject({ leader: follower.name, rateLimit: { remaining: 0 } });
  });

  it.skipIf(pgMissing !== null)('only the leader samples funding history into PostgreSQL; every replica serves it', async () => {
    const schema = uniq('perpinproc');
    drops.push(() => dropPgSchema(schema));
    const [leader, follower] = await pair({ budget: 600, schema });
    await until(() => (leader.history?.writes ?? 0) >= 3, 'leader sampled three times', 5000);
    expect(follower.history!.writes).toBe(0);
    const q = '{ market(id: "aster:BTC-USD-PERP", mode: LIVE) { fundingHistory(window: D7) { source points { ratePerHour } } } }';
    const r = await until(async () => {
      const x = await gql<{ market: { fundingHistory: { source: string; points: Array<{ ratePerHour: number }> } } }>(follower.gw.url, q);
      return (x.data?.market.fundingHistory.points.length ?? 0) >= 3 ? x.data! : null;
    }, 'the follower serves the samples');
    expect(r.market.fundingHistory.source).toBe('GATEWAY_SAMPLED');
    expect(new Set(r.market.fundingHistory.points.map((p) => p.ratePerHour))).toEqual(new Set([0.0001 / 8]));
    expect(follower.history!.writes).toBe(0);
  });
});
