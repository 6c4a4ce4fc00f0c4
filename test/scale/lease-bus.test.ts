/** Venue leases and the Redis bus against a real Redis: failover timing, fencing, snapshots, reconnects. */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { periodicFunding } from '../../src/core/funding.js';
import type { MarketMeta, Venue } from '../../src/core/types.js';
import { RedisLease } from '../../src/scale/leader.js';
import { RedisBus } from '../../src/scale/redis-bus.js';
import type { BusEvent } from '../../src/store/latest.js';
import { until } from '../contract/connector.contract.js';
import { openDoor } from './proxy.js';
import { REDIS_URL, dropRedisPrefix, serviceMissing, uniq } from './services.js';

const redisMissing = await serviceMissing('redis');
const LEASE_MS = 900;
const REDIS_PORT = Number(new URL(REDIS_URL).port || 6379);

const funding = (market: string, rate: number, asOf = Date.now()): BusEvent => ({
  type: 'funding',
  venue: 'aster',
  plane: 'live',
  funding: periodicFunding({
    market,
    venue: 'aster',
    stamp: { asOf, slaMs: 60_000, source: 'LIVE' },
    rate,
    intervalHours: 8,
    intervalSource: 'VENUE_API',
  }),
});
const metadata = (ids: string[]): BusEvent => ({
  type: 'metadata',
  venue: 'aster',
  plane: 'live',
  asOf: Date.now(),
  source: 'LIVE',
  markets: ids.map((id) => ({ id, venue: 'aster' }) as unknown as MarketMeta),
});
const rateOf = (e: BusEvent | undefined) => (e?.type === 'funding' ? e.funding.rate : undefined);

describe.skipIf(redisMissing !== null)('venue leases and the Redis bus (real Redis)', () => {
  const prefix = uniq('perplease');
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  afterAll(() => dropRedisPrefix(prefix));

  function lease(id: string, o: { url?: string } = {}) {
    const l = new RedisLease({ url: o.url ?? REDIS_URL, id, leaseMs: LEASE_MS, prefix });
    const changes: Array<{ leading: boolean; at: number }> = [];
    cleanup.push(() => l.release());
    return {
      l,
      changes,
      leading: () => changes.at(-1)?.leading === true,
      run: (venue: Venue = 'aster') => l.campaign(venue, (leading) => changes.push({ leading, at: Date.now() })),
    };
  }
  function bus(tokenOf?: (v: Venue) => number | null, name?: string) {
    const b = new RedisBus({ url: REDIS_URL, prefix, ...(tokenOf ? { tokenOf } : {}), ...(name ? { name } : {}) });
    cleanup.push(() => b.close());
    const got: BusEvent[] = [];
    b.subscribe((e) => got.push(e));
    return { b, got };
  }

  it('exactly one leader; a crashed leader is replaced within one lease period, a released one within a third; tokens increase', async () => {
    const [a, b] = [lease('a'), lease('b')];
    a.run();
    b.run();
    await until(() => a.leading() || b.leading(), 'a leader');
    await new Promise((r) => setTimeout(r, LEASE_MS / 2));
    expect([a.leading(), b.leading()].filter(Boolean)).toHaveLength(1);
    const [first, second] = a.leading() ? [a, b] : [b, a];
    expect(second.l.holder('aster')).toBe(first.l.id);
    const t1 = first.l.tokenOf('aster')!;

    const crashedAt = Date.now();
    first.l.abandon();
    await until(() => second.leading(), 'the follower takes over', LEASE_MS * 3);
    expect(second.changes.at(-1)!.at - crashedAt).toBeLessThanOrEqual(LEASE_MS + 250); // scheduling slack on a loaded machine
    const t2 = second.l.tokenOf('aster')!;
    expect(t2).toBeGreaterThan(t1);

    const c = lease('c');
    c.run();
    await until(() => c.l.holder('aster') === second.l.id, 'c sees the holder');
    const releasedAt = Date.now();
    await second.l.release();
    await until(() => c.leading(), 'c takes over after the release', LEASE_MS);
    expect(c.changes.at(-1)!.at - releasedAt).toBeLessThanOrEqual(LEASE_MS / 3 + 250);
    expect(c.l.tokenOf('aster')).toBeGreaterThan(t2);
  });

  it('a leader that cannot reach Redis steps down before its lease can expire, so two never lead at once', async () => {
    const door = await openDoor(REDIS_PORT);
    cleanup.push(() => door.close());
    const a = lease('a', { url: `redis://127.0.0.1:${door.port}` });
    a.run();
    await until(() => a.leading(), 'a leads through the door');
    const b = lease('b');
    b.run();
    await door.close(); // Redis unreachable for a (its connection is cut and cannot come back)
    await until(() => b.leading(), 'b takes over after the key expired', LEASE_MS * 3);
    const down = a.changes.find((x) => !x.leading);
    expect(down).toBeDefined();
    expect(down!.at).toBeLessThan(b.changes.at(-1)!.at);
  });

  it("a deposed leader's late events are refused by Redis: no subscriber and no snapshot sees them", async () => {
    const [a, b] = [lease('a'), lease('b')];
    a.run();
    await until(() => a.leading(), 'a leads');
    b.run();
    const fromA = bus((v) => a.l.tokenOf(v));
    const fromB = bus((v) => b.l.tokenOf(v));
    const gateway = bus();
    await Promise.all([fromA.b.whenReady(), fromB.b.whenReady(), gateway.b.whenReady()]);

    // b is not leading: what it publishes goes nowhere.
    fromB.b.publish(funding('aster:BTC-USD-PERP', 0.5));
    fromA.b.publish(funding('aster:BTC-USD-PERP', 0.0001));
    await until(() => rateOf(gateway.got.at(-1)) === 0.0001, 'the leader’s event arrives');
    expect(gateway.got.map(rateOf)).toEqual([0.0001]);

    a.l.abandon(); // a stops renewing but still believes it leads (a long GC pause, a partition)
    await until(() => b.leading(), 'b takes over', LEASE_MS * 3);
    expect(a.l.tokenOf('aster')).not.toBeNull();
    fromB.b.publish(funding('aster:BTC-USD-PERP', 0.0002));
    await until(() => rateOf(gateway.got.at(-1)) === 0.0002, 'the new leader’s event arrives');
    fromA.b.publish(funding('aster:BTC-USD-PERP', 0.0003)); // late, from the deposed leader
    await until(() => fromA.b.fencedOut >= 1, 'refused by Redis');
    fromB.b.publish(funding('aster:ETH-USD-PERP', 0.0004)); // a marker: everything before it has been delivered
    await until(() => rateOf(gateway.got.at(-1)) === 0.0004, 'marker');
    expect(gateway.got.map(rateOf)).toEqual([0.0001, 0.0002, 0.0004]);
    const late = bus();
    const snap = await late.b.snapshot();
    expect(snap.filter((e) => e.type === 'funding' && e.funding.market === 'aster:BTC-USD-PERP').map(rateOf)).toEqual([0.0002]);
  });

  it('a late joiner starts from the snapshot at once: metadata first, delisted markets left out, mock events never shared', async () => {
    const pub = bus();
    await pub.b.whenReady();
    pub.b.publish(metadata(['aster:BTC-USD-PERP', 'aster:ETH-USD-PERP']));
    pub.b.publish(funding('aster:ETH-USD-PERP', 0.0002));
    pub.b.publish(funding('aster:BTC-USD-PERP', 0.0001));
    pub.b.publish(metadata(['aster:BTC-USD-PERP'])); // ETH delisted
    pub.b.publish({ ...funding('aster:SOL-USD-PERP', 0.9), plane: 'mock' });
    const joiner = bus();
    await until(async () => (await joiner.b.snapshot()).length === 2, 'snapshot written');
    const snap = await joiner.b.snapshot();
    expect(snap[0]).toMatchObject({ type: 'metadata', markets: [{ id: 'aster:BTC-USD-PERP' }] });
    expect(snap.slice(1).map(rateOf)).toEqual([0.0001]);
    expect(pub.got.filter((e) => e.plane === 'mock').map(rateOf)).toEqual([0.9]);
    expect(joiner.got.filter((e) => e.plane === 'mock')).toEqual([]);
  });

  it('a subscriber that lost its connection catches up from the snapshot after reconnecting', async () => {
    const name = uniq('bus');
    const gateway = bus(undefined, name);
    const pub = bus();
    await Promise.all([gateway.b.whenReady(), pub.b.whenReady()]);
    const admin = new Redis(REDIS_URL);
    cleanup.push(() => admin.quit());
    const list = (await admin.client('LIST')) as string;
    const id = /id=(\d+) .*name=(\S+)/.exec(list.split('\n').find((l) => l.includes(`name=${name}:sub`)) ?? '')?.[1];
    expect(id).toBeDefined();
    await admin.client('KILL', 'ID', id!);
    pub.b.publish(funding('aster:BTC-USD-PERP', 0.0007)); // published while the gateway is disconnected
    await until(() => gateway.got.some((e) => rateOf(e) === 0.0007), 'caught up from the snapshot', 5000);
    expect(gateway.b.resyncs).toBeGreaterThanOrEqual(1);
  });

  it('the request log travels with the lease: only the holder saves it, a successor loads it plus a reserve', async () => {
    const [a, b] = [lease('a'), lease('b')];
    a.run('jupiter');
    await until(() => a.leading(), 'a leads');
    b.run('jupiter');
    const now = Date.now();
    const times = Array.from({ length: 120 }, (_, i) => now - 50_000 + i * 100);
    await b.l.saveRateLog('jupiter', [1, 2, 3]); // not the holder: ignored
    await a.l.saveRateLog('jupiter', times);
    const loaded = await b.l.loadRateLog('jupiter');
    expect(loaded.slice(0, 120)).toEqual(times);
    expect(loaded.length).toBe(120 + 3); // ceil(120 / 60) + 1 in reserve for requests after the last save
  });
});
