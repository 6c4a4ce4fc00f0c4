/**
 * Redis restarting mid-run (a server this test starts on its own port, no persistence: every key is gone after
 * the restart). Two in-process gateways in `all` role, one fake venue: while Redis is down both keep serving the
 * latest state labelled by its age; after it returns, exactly one of them leads the venue (fencing holds: the new
 * leader's events are accepted by the replica, whose newest-seen token predates the restart), and a subscription
 * opened before the outage receives fresh books without its client reconnecting.
 */
import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Gateway } from '../../src/gateway/server.js';
import { RedisLease } from '../../src/scale/leader.js';
import { RedisBus } from '../../src/scale/redis-bus.js';
import { UnavailableConnector } from '../../src/core/unavailable.js';
import { until } from '../contract/connector.contract.js';
import { createReferenceConnector, seedReferenceFake } from '../contract/reference-connector.js';
import { ownRedis, redisServerMissing, type OwnRedis } from '../faults/redis-server.js';
import { startFake, type FakeServer } from '../fakes/server.js';
import { gql, testGateway } from '../gateway/harness.js';

const missing = redisServerMissing();
const LEASE_MS = 1000;
const timings = {
  FUNDING: { cadenceMs: 100, slaMs: 600 },
  MARK: { cadenceMs: 100, slaMs: 600 },
  DEPTH: { cadenceMs: 100, slaMs: 600 },
  METADATA: { cadenceMs: 1000, slaMs: 10_000 },
};
const BOOK_Q = '{ orderBook(market: "aster:BTC-USD-PERP", levels: 2, mode: LIVE) { midPrice freshness { asOf ageMs stale source } } }';
type BookReply = { orderBook: { midPrice: number; freshness: { asOf: string; ageMs: number; stale: boolean; source: string } } | null };

interface Node {
  name: string;
  gw: Gateway;
  lease: RedisLease;
  bus: RedisBus;
}

describe.skipIf(missing !== null)('Redis restart mid-run (own redis-server, no persistence)', () => {
  let redis: OwnRedis | null = null;
  let fake: FakeServer | null = null;
  const nodes: Node[] = [];
  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      await n.gw.close();
      await n.lease.release();
      await n.bus.close();
    }
    await fake?.close();
    await redis?.stop();
  });

  async function node(name: string, url: string): Promise<Node> {
    const lease = new RedisLease({ url, id: name, leaseMs: LEASE_MS });
    const bus = new RedisBus({ url, tokenOf: (v) => lease.tokenOf(v) });
    const gw = await testGateway(
      { PERP_VENUES: 'aster', PERP_CONNECTOR_MODE: 'live', PERP_HTTP_RATE_LIMIT_PER_MIN: '0' },
      {
        bus,
        lease,
        factories: {
          aster: ({ io }) => createReferenceConnector({ io, baseUrl: fake!.url, budgetPerMinute: 6000, timings, timeoutMs: 500 }),
        },
        mockFactory: (venue, { now }) => new UnavailableConnector(venue, 'no mock plane in this test', now),
        healthEveryMs: 100,
      },
    );
    const n = { name, gw, lease, bus };
    nodes.push(n);
    return n;
  }

  const leaders = () => nodes.filter((n) => n.lease.tokenOf('aster') !== null);

  it('both keep serving labelled by age while it is down; one leader after; the subscription resumes on its own', async () => {
    redis = await ownRedis();
    fake = await startFake();
    seedReferenceFake(fake);
    await node('A', redis.url);
    await node('B', redis.url);
    await until(() => leaders().length === 1, 'one leader', 5000);
    const replica = nodes.find((n) => n.lease.tokenOf('aster') === null)!;
    const tokenBefore = leaders()[0]!.lease.tokenOf('aster')!;
    await until(async () => (await gql<BookReply>(replica.gw.url, BOOK_Q)).data?.orderBook?.freshness.stale === false, 'replica fresh');

    // A subscriber on the replica (it receives the leader's books over the bus).
    let closed = 0;
    const frames: number[] = [];
    const client = createClient({
      url: replica.gw.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: { closed: () => closed++ },
    });
    const stop = client.subscribe(
      { query: 'subscription { orderBook(market: "aster:BTC-USD-PERP", levels: 2) { midPrice freshness { asOf } } }' },
      {
        next: (m) => frames.push(Date.parse((m.data as { orderBook: { freshness: { asOf: string } } }).orderBook.freshness.asOf)),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    try {
      await until(() => frames.length >= 2, 'subscription frames before the outage', 5000);

      await redis.stop();
      const downAt = Date.now();
      // Down longer than the lease: the leader must step down (it cannot renew), and data ages past its SLA.
      await until(() => leaders().length === 0, 'the leader steps down while Redis is unreachable', LEASE_MS * 3);
      await new Promise((r) => setTimeout(r, Math.max(0, 1200 - (Date.now() - downAt))));
      for (const n of nodes) {
        const r = await gql<BookReply>(n.gw.url, BOOK_Q);
        expect(r.errors).toBeUndefined();
        const b = r.data!.orderBook!;
        expect(b.midPrice).toBe(100000);
        expect(b.freshness).toMatchObject({ stale: true, source: 'LIVE' });
        expect(b.freshness.ageMs).toBeGreaterThan(600);
      }
      const framesDuringOutage = frames.length;

      const upAt = Date.now();
      await redis.start();
      await until(() => leaders().length === 1, 'one leader after the restart', 10_000);
      const tokenAfter = leaders()[0]!.lease.tokenOf('aster')!;
      // The counter was lost with the restart; the token still moves forward (floored at Redis's clock).
      expect(tokenAfter).toBeGreaterThan(tokenBefore);
      // Exactly one, and it stays one (sampled over two lease periods).
      for (let i = 0; i < 10; i++) {
        expect(leaders()).toHaveLength(1);
        await new Promise((r) => setTimeout(r, LEASE_MS / 5));
      }
      // The same subscription receives books produced after the restart; its socket never closed.
      await until(() => frames.some((t) => t >= upAt), 'fresh frames on the same subscription', 10_000);
      expect(frames.length).toBeGreaterThan(framesDuringOutage);
      expect(closed).toBe(0);
      for (const n of nodes) {
        await until(
          async () => (await gql<BookReply>(n.gw.url, BOOK_Q)).data?.orderBook?.freshness.stale === false,
          `${n.name} fresh again`,
        );
      }
    } finally {
      stop();
      await client.dispose();
    }
  }, 40_000);
});
