/**
 * Defect 1 of issue 16: an `orderBook` subscription on a market outside the venue's default depth set, held on a
 * replica that does not lead the venue, receives books, and keeps receiving them after the lease moves. Demand is
 * raised in the subscriber's demand registry, announced over the Redis bus, applied by whichever process leads the
 * venue, and replayed into a new leader's connector. Real Redis (skipped with a printed reason when absent;
 * REQUIRE_SERVICES=1 makes it mandatory).
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { UnavailableConnector } from '../../src/core/unavailable.js';
import type { Gateway } from '../../src/gateway/server.js';
import { RedisLease } from '../../src/scale/leader.js';
import { RedisBus } from '../../src/scale/redis-bus.js';
import { createAsterConnector } from '../../src/venues/aster/index.js';
import { until } from '../contract/connector.contract.js';
import { FakeAster } from '../fakes/aster/index.js';
import { REDIS_URL, dropRedisPrefix, serviceMissing, uniq } from '../scale/services.js';
import { FAST } from '../venues/aster/setup.js';
import { testGateway } from './harness.js';

const redisMissing = await serviceMissing('redis');
const LEASE_MS = 900;
const ASTER = 'aster:ASTER-USD-PERP';

interface Node {
  gw: Gateway;
  bus: RedisBus;
  lease: RedisLease | null;
}

type Frame = { orderBook: { market: string; bids: Array<{ price: number; size: number }> } };

describe.skipIf(redisMissing !== null)('depth demand across replicas over real Redis', () => {
  const prefix = uniq('perpdemand');
  const nodes: Node[] = [];
  let fake: FakeAster;
  let client: Client | null = null;
  let pump: NodeJS.Timeout | undefined;
  afterAll(async () => {
    clearInterval(pump);
    await client?.dispose();
    for (const n of nodes.splice(0)) {
      await n.gw.close();
      await n.bus.close();
    }
    await fake?.close();
    await dropRedisPrefix(prefix);
  });

  async function node(name: string, role: 'all' | 'gateway'): Promise<Node> {
    const lease = role === 'all' ? new RedisLease({ url: REDIS_URL, id: name, leaseMs: LEASE_MS, prefix }) : null;
    const bus = new RedisBus({ url: REDIS_URL, prefix, ...(lease ? { tokenOf: (v) => lease.tokenOf(v) } : {}) });
    const gw = await testGateway(
      {
        PERP_VENUES: 'aster',
        PERP_CONNECTOR_MODE: 'live',
        PERP_HTTP_RATE_LIMIT_PER_MIN: '0',
        PERP_DEPTH_DEMAND_TTL_MS: '1500',
        ASTER_REST_URL: fake.restUrl,
        ASTER_WS_URL: fake.wsUrl,
        ASTER_RATE_LIMIT_PER_MIN: '600',
        ASTER_DEPTH_SYMBOLS: '1', // only BTCUSDT streams a book without demand
      },
      {
        bus,
        role,
        instanceId: name,
        ...(lease ? { lease } : {}),
        factories: { aster: (args) => createAsterConnector({ ...args, timings: FAST, watchdogMs: 800, timeoutMs: 500 }) },
        mockFactory: (venue, { now }) => new UnavailableConnector(venue, 'no mock plane in this test', now),
        healthEveryMs: 100,
      },
    );
    const n = { gw, bus, lease };
    nodes.push(n);
    return n;
  }

  it('a gateway-role subscriber gets the book from the leader, and from the next leader after a hand-over', async () => {
    fake = await FakeAster.start();
    const a = await node('A', 'all');
    await until(() => a.lease!.tokenOf('aster') !== null, 'A leads aster', 5000);
    const b = await node('B', 'all');
    const c = await node('C', 'gateway');
    expect(b.lease!.tokenOf('aster')).toBeNull();
    let q = 0;
    pump = setInterval(() => fake.pushDiff('ASTERUSDT', [[1.1199, 100 + (q++ % 50)]], []), 50);

    const frames: Frame[] = [];
    client = createClient({ url: c.gw.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    client.subscribe<Frame>(
      { query: `subscription { orderBook(market: "${ASTER}", levels: 3) { market bids { price size } } }` },
      { next: (r) => r.data && frames.push(r.data as Frame), error: () => undefined, complete: () => undefined },
    );
    // The leader (A) tracks the market because C asked; C serves the books A publishes.
    await until(() => a.gw.app.demandedBooks.includes(ASTER), 'A received the demand C raised', 5000);
    await until(() => frames.length >= 3, 'C receives books led by A', 8000);
    expect(frames[0]!.orderBook.market).toBe(ASTER);
    expect(frames.at(-1)!.orderBook.bids[0]!.price).toBeCloseTo(1.1199, 6);
    expect(c.gw.app.live.size).toBe(0); // C collects nothing itself

    // Hand-over: A stops (graceful release); B takes the lease and must track the market without a new subscribe.
    await a.gw.close();
    await a.bus.close();
    nodes.splice(nodes.indexOf(a), 1);
    await until(() => b.lease!.tokenOf('aster') !== null, 'B leads aster', LEASE_MS * 4);
    expect(b.gw.app.demandedBooks).toContain(ASTER);
    const before = frames.length;
    await until(() => frames.length >= before + 3, 'C keeps receiving books, now led by B', 8000);
    const sizes = new Set(frames.slice(before).map((f) => f.orderBook.bids[0]!.size));
    expect(sizes.size).toBeGreaterThan(1); // successive, changing books, not one replayed snapshot
  });
});
